namespace Pulse.Client.Registry;

/// <summary>
/// A download-client entry as the registry returns it: Beacon's fields, with the client's address split
/// (<see cref="Host"/>, <see cref="Port"/>, <see cref="UseSsl"/>, <see cref="UrlBase"/>) beside the whole
/// <see cref="ApiUrl"/>. Use <see cref="Url"/>, the address in one piece.
/// </summary>
public sealed record DownloadClientRecord
{
    /// <summary>The entry's id.</summary>
    public required string Id { get; init; }

    /// <summary>The entry's name (the owning service's name for an entry the registry created).</summary>
    public string? Name { get; init; }

    /// <summary>The implementation, for example <c>haul</c>.</summary>
    public string? Kind { get; init; }

    /// <summary><c>torrent</c> or <c>usenet</c>.</summary>
    public string? Protocol { get; init; }

    /// <summary>Whether the entry is enabled.</summary>
    public bool Enabled { get; init; }

    /// <summary>Lower numbers are tried first.</summary>
    public int Priority { get; init; }

    /// <summary>The host, null in poll mode.</summary>
    public string? Host { get; init; }

    /// <summary>The port, null in poll mode.</summary>
    public int? Port { get; init; }

    /// <summary>Whether to use TLS.</summary>
    public bool? UseSsl { get; init; }

    /// <summary>The path under which the client's API lives.</summary>
    public string? UrlBase { get; init; }

    /// <summary>The owning service's <c>api_url</c>.</summary>
    public string? ApiUrl { get; init; }

    /// <summary>
    /// The client's base URL, whole: <see cref="ApiUrl"/>, else (an entry of a registry that sends no <c>api_url</c>,
    /// such as Beacon) the URL its split fields describe; null in poll mode or when the entry holds no valid URL.
    /// </summary>
    [JsonIgnore]
    public Uri? Url => Uri.TryCreate(string.IsNullOrEmpty(ApiUrl) ? FromSplitFields() : ApiUrl, UriKind.Absolute, out var url) ? url : null;

    /// <summary><c>push</c> or <c>poll</c>.</summary>
    public string? DeliveryMode { get; init; }

    /// <summary>The user name, for manual entries.</summary>
    public string? Username { get; init; }

    /// <summary>The client's API key, Beacon's <c>password</c> field (only with <c>include=credentials</c>). Never log it.</summary>
    [JsonPropertyName("password")]
    public string? ApiKey { get; init; }

    /// <summary>The category.</summary>
    public string? Category { get; init; }

    /// <summary>The directory.</summary>
    public string? Directory { get; init; }

    /// <summary>A JSON-encoded object; <c>{"pulse":true}</c> for entries the registry created.</summary>
    public string? Settings { get; init; }

    /// <summary>The owning service's id; null for a manual entry.</summary>
    public string? ServiceId { get; init; }

    /// <summary><c>online</c> or <c>offline</c>, following the owning service.</summary>
    public string? Status { get; init; }

    /// <summary>When the entry was created.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When the entry last changed.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    private string? FromSplitFields()
    {
        if (string.IsNullOrEmpty(Host))
        {
            return null; // a poll-mode client has no address
        }

        var scheme = UseSsl == true ? Uri.UriSchemeHttps : Uri.UriSchemeHttp;
        var port = Port is { } p ? string.Create(CultureInfo.InvariantCulture, $":{p}") : "";
        return $"{scheme}://{Host}{port}{UrlBase?.TrimEnd('/')}";
    }
}
