namespace Pulse.Client.Registry;

/// <summary>A service as the registry returns it.</summary>
public sealed record ServiceRecord
{
    /// <summary>The registry's id of the service, stable across restarts.</summary>
    public required string Id { get; init; }

    /// <summary>The service's name.</summary>
    public string? Name { get; init; }

    /// <summary>The service's type.</summary>
    public string? Type { get; init; }

    /// <summary>The URL callers use.</summary>
    public string? ApiUrl { get; init; }

    /// <summary>The health URL.</summary>
    public string? HealthUrl { get; init; }

    /// <summary>The version.</summary>
    public string? Version { get; init; }

    /// <summary><c>online</c> or <c>offline</c>.</summary>
    public string? Status { get; init; }

    /// <summary><c>push</c> or <c>poll</c>.</summary>
    public string? DeliveryMode { get; init; }

    /// <summary>The capabilities.</summary>
    public IReadOnlyList<string>? Capabilities { get; init; }

    /// <summary>A JSON-encoded object.</summary>
    public string? Metadata { get; init; }

    /// <summary>The last heartbeat or registration.</summary>
    public DateTimeOffset? LastSeen { get; init; }

    /// <summary>The first registration.</summary>
    public DateTimeOffset? Registered { get; init; }

    /// <summary>When the lease runs out.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }

    /// <summary>How often the service must send a heartbeat.</summary>
    public double? HeartbeatIntervalSeconds { get; init; }

    /// <summary>The service's key, only with <c>include=credentials</c>.</summary>
    public string? ApiKey { get; init; }
}
