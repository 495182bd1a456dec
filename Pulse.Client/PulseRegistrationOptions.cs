using Microsoft.Extensions.Configuration;

namespace Pulse.Client;

/// <summary>
/// How a service registers itself with the Pulse registry, bound from the <c>Pulse</c> configuration section
/// (<c>Pulse:Url</c>, <c>Pulse:ApiKey</c>, ...).
/// </summary>
public sealed class PulseRegistrationOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string Section = "Pulse";

    /// <summary>
    /// The registry's base URL, or a service-discovery name such as <c>http://registry</c> (configuration key
    /// <c>Pulse:Url</c>). Empty disables the integration: nothing is attempted and the state is
    /// <see cref="RegistrationStatus.Disabled"/>.
    /// </summary>
    [ConfigurationKeyName("Url")]
    public string? PulseUrl { get; set; } = "http://registry";

    /// <summary>The registry's API key, sent as <c>X-Api-Key</c>. Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The service's name (1 to 200 characters); with <see cref="ServiceType"/> it identifies the registration.</summary>
    public string? ServiceName { get; set; }

    /// <summary>The service's type (1 to 50 characters), for example <c>download-client</c>.</summary>
    public string? ServiceType { get; set; }

    /// <summary>The URL other services call. Default: the address the web server is bound to.</summary>
    public string? ApiUrl { get; set; }

    /// <summary>The service's health URL. Default: <c>/health</c> under <see cref="ApiUrl"/>.</summary>
    public string? HealthUrl { get; set; }

    /// <summary>The service's version (at most 64 characters). Default: the entry assembly's informational version.</summary>
    public string? Version { get; set; }

    /// <summary>The service's capabilities (at most 64, each at most 100 characters).</summary>
    public IList<string> Capabilities { get; set; } = [];

    /// <summary>The service's own API key, sent to the registry as <c>api_key</c> (at most 256 characters). Never logged.</summary>
    public string? ServiceApiKey { get; set; }

    /// <summary>A JSON-encoded object sent as <c>metadata</c> (at most 16 KiB).</summary>
    public string? Metadata { get; set; }

    /// <summary>How the registry delivers work: <see cref="PulseDeliveryMode.Push"/> (default) or <see cref="PulseDeliveryMode.Poll"/>.</summary>
    public PulseDeliveryMode DeliveryMode { get; set; } = PulseDeliveryMode.Push;

    /// <summary>
    /// Overrides the heartbeat interval the registry returns as <c>heartbeat_interval_seconds</c> (tests use a short
    /// one). Null: the registry's interval.
    /// </summary>
    public TimeSpan? HeartbeatInterval { get; set; }

    /// <summary>How often a service running standalone tries to register again. Default: 5 minutes.</summary>
    public TimeSpan BackgroundRetryInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The timeout of one call to the registry. Default: 10 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>True when <see cref="PulseUrl"/> is set, so the service registers.</summary>
    public bool IsEnabled => !string.IsNullOrWhiteSpace(PulseUrl);
}
