using System.ComponentModel.DataAnnotations;
using Pulse.Client;

namespace Haul.Sample;

/// <summary>Haul's settings, the <c>Haul</c> configuration section.</summary>
internal sealed class HaulOptions
{
    public const string Section = "Haul";

    /// <summary>Where Haul keeps its generated key (<c>api-key</c>); the AppHost sets it.</summary>
    [Required]
    public string DataDir { get; set; } = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "haul");

    /// <summary>The key callers must send as <c>X-Api-Key</c>; empty: generated once and kept in the data folder.</summary>
    public string? ApiKey { get; set; }

    /// <summary><c>push</c> (default) or <c>poll</c>.</summary>
    public PulseDeliveryMode DeliveryMode { get; set; } = PulseDeliveryMode.Push;

    /// <summary>The simulated transfer rate, in bytes per second.</summary>
    [Range(1, long.MaxValue)]
    public long TransferRate { get; set; } = 10 * 1024 * 1024;

    /// <summary>How long fetching a .torrent over http(s) may take, redirects included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
