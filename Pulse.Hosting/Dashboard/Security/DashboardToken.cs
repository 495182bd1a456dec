using System.Security.Cryptography;
using System.Text;

namespace Pulse.Hosting.Dashboard.Security;

/// <summary>
/// The dashboard's browser token. The sign-in cookie holds a value derived from it (an HMAC), never the token,
/// and every comparison is in constant time.
/// </summary>
internal sealed class DashboardToken(string token)
{
    public const string CookieName = "pulse-dashboard-auth";

    private readonly byte[] _token = Encoding.UTF8.GetBytes(token);

    /// <summary>What the sign-in cookie holds.</summary>
    public string SessionValue { get; } =
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(token), "pulse-dashboard-session"u8));

    public bool Matches(string? candidate) => Equal(candidate, _token);

    public bool MatchesSession(string? cookie) => Equal(cookie, Encoding.UTF8.GetBytes(SessionValue));

    private static bool Equal(string? candidate, byte[] expected) =>
        !string.IsNullOrEmpty(candidate) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), expected);
}
