namespace Pulse.Client.Registry;

/// <summary>The body of <c>POST /api/v1/services/register</c>; null fields are left out.</summary>
public sealed record RegisterRequest
{
    /// <summary>The id to keep when the registry does not know (<c>name</c>, <c>type</c>), for example after it lost its data.</summary>
    public string? Id { get; init; }

    /// <summary>The service's name.</summary>
    public required string Name { get; init; }

    /// <summary>The service's type.</summary>
    public required string Type { get; init; }

    /// <summary>The absolute URL callers use; absent in poll mode.</summary>
    public string? ApiUrl { get; init; }

    /// <summary>The absolute health URL.</summary>
    public string? HealthUrl { get; init; }

    /// <summary>The service's own key (becomes a download client's password).</summary>
    public string? ApiKey { get; init; }

    /// <summary>The service's version.</summary>
    public string? Version { get; init; }

    /// <summary>The service's capabilities.</summary>
    public IReadOnlyList<string>? Capabilities { get; init; }

    /// <summary>A JSON-encoded object.</summary>
    public string? Metadata { get; init; }

    /// <summary><c>push</c> or <c>poll</c>.</summary>
    public string? DeliveryMode { get; init; }
}
