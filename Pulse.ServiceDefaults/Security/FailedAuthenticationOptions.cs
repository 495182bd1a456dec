using System.ComponentModel.DataAnnotations;

namespace Pulse.ServiceDefaults.Security;

/// <summary>
/// How many failed authentications (a missing or unknown key, a failed sign-in) one client address may have in a
/// window before the next is answered <c>429</c>. Section <c>Pulse:FailedAuthentication</c>.
/// </summary>
public sealed class FailedAuthenticationOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Pulse:FailedAuthentication";

    /// <summary>The failures a client address may have in <see cref="Window"/>; <c>20</c> by default.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Pulse:FailedAuthentication:PermitLimit must be at least 1.")]
    public int PermitLimit { get; set; } = 20;

    /// <summary>The sliding window the failures are counted in; one minute by default.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00",
        ErrorMessage = "Pulse:FailedAuthentication:Window must be between 00:00:01 and 1.00:00:00.")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
