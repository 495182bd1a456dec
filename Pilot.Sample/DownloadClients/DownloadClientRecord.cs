namespace Pilot.Sample.DownloadClients;

/// <summary>
/// One of the consumer's download clients. <c>Source</c> says who owns it: <c>manual</c> (the user) or <c>pulse</c>
/// (synced from the registry; the registry owns url, key, protocol, delivery mode and status, the user owns category,
/// priority and enabled). <c>Url</c> is the client's base URL, whole, kept without its last <c>/</c> as the API shows it.
/// </summary>
internal sealed record DownloadClientRecord(
    Guid Id,
    string Name,
    string Implementation,
    string Protocol,
    Uri? Url,
    string ApiKey,
    string DeliveryMode,
    string? Category,
    int Priority,
    bool Enabled,
    string Source,
    string Status,
    string? PulseId,
    string? ServiceId,
    DateTimeOffset UpdatedAt)
{
    public const string Manual = "manual";
    public const string Pulse = "pulse";

    /// <summary>A base URL as the consumer keeps it: whole, without its last <c>/</c>.</summary>
    public static Uri BaseUrl(string url) => new(url.TrimEnd('/'), UriKind.Absolute);

    public DownloadClientDto ToDto(bool includeCredentials) => new(
        Id, Name, Implementation, Protocol, Url?.OriginalString, DeliveryMode, Category, Priority, Enabled, Source, Status, PulseId,
        ServiceId, UpdatedAt, includeCredentials ? ApiKey : null);
}

/// <summary>A download client as the API shows it; <c>api_key</c> only with <c>include=credentials</c>.</summary>
internal sealed record DownloadClientDto(
    Guid Id,
    string Name,
    string Implementation,
    string Protocol,
    string? Url,
    string DeliveryMode,
    string? Category,
    int Priority,
    bool Enabled,
    string Source,
    string Status,
    string? PulseId,
    string? ServiceId,
    DateTimeOffset UpdatedAt,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? ApiKey);
