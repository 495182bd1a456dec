namespace Pulse.Registry.Services;

/// <summary>A service as the API returns it; <c>api_key</c> only with <c>include=credentials</c>.</summary>
internal sealed record ServiceDto(
    string Id,
    string Name,
    string Type,
    string? ApiUrl,
    string? HealthUrl,
    string? Version,
    string Status,
    string DeliveryMode,
    string[] Capabilities,
    string? Metadata,
    DateTime LastSeen,
    DateTime Registered,
    DateTime LeaseExpiresAt,
    int HeartbeatIntervalSeconds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ApiKey = null);
