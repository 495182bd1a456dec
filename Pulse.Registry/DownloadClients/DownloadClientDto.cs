namespace Pulse.Registry.DownloadClients;

/// <summary>
/// A download-client entry as the API returns it: Beacon's fields, so the key is <c>password</c> (only with
/// <c>include=credentials</c>) and the address is split beside the whole <c>api_url</c>.
/// </summary>
internal sealed record DownloadClientDto(
    string Id,
    string Name,
    string Kind,
    string Protocol,
    bool Enabled,
    int Priority,
    string? Host,
    int? Port,
    bool? UseSsl,
    string? UrlBase,
    string? ApiUrl,
    string DeliveryMode,
    string? Username,
    string? Category,
    string? Directory,
    string? Settings,
    string? ServiceId,
    string Status,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    [property: JsonPropertyName("password"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ApiKey = null);
