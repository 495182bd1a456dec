using Pulse.Registry.Api.Validation;

namespace Pulse.Registry.DownloadClients;

/// <summary>
/// The body of a manual download-client entry (Beacon-compatible fields). An empty string or <c>null</c> means absent;
/// fields it does not know are ignored.
/// </summary>
public sealed record DownloadClientRequest : RequestBody
{
    [Required, MaxLength(200)]
    public string? Name { get; init => field = Absent.IfEmpty(value); }

    [Required, MaxLength(50)]
    public string? Kind { get; init => field = Absent.IfEmpty(value); }

    [AllowedValues(null, DownloadClientProtocols.Torrent, DownloadClientProtocols.Usenet)]
    public string? Protocol { get; init => field = Absent.IfEmpty(value); }

    public bool? Enabled { get; init; }

    [Range(0, 100)]
    public int? Priority { get; init; }

    [Required, MaxLength(255), HostName]
    public string? Host { get; init => field = Absent.IfEmpty(value); }

    [Required, Range(1, 65535)]
    public int? Port { get; init; }

    public bool? UseSsl { get; init; }

    [MaxLength(256)]
    public string? Username { get; init => field = Absent.IfEmpty(value); }

    [MaxLength(256)]
    public string? Password { get; init => field = Absent.IfEmpty(value); }

    [MaxLength(200)]
    public string? Category { get; init => field = Absent.IfEmpty(value); }

    [MaxLength(1024)]
    public string? Directory { get; init => field = Absent.IfEmpty(value); }

    /// <summary>A JSON object, sent as a JSON-encoded string (as Beacon sends it) or as an object.</summary>
    [JsonObject(16 * 1024)]
    public JsonElement? Settings { get; init; }

    [JsonIgnore]
    public string? SettingsText => JsonObjectAttribute.Text(Settings);
}

/// <summary>
/// What a <c>PUT</c> may change on an entry that a service owns: the fields the user sets. The registry's own fields
/// are ignored, whatever they hold.
/// </summary>
public sealed record OwnedDownloadClientUpdate : RequestBody
{
    public bool? Enabled { get; init; }

    [Range(0, 100)]
    public int? Priority { get; init; }

    [MaxLength(200)]
    public string? Category { get; init => field = Absent.IfEmpty(value); }

    [MaxLength(1024)]
    public string? Directory { get; init => field = Absent.IfEmpty(value); }
}

internal static class DownloadClientProtocols
{
    public const string Torrent = "torrent";
    public const string Usenet = "usenet";
}
