using System.ComponentModel.DataAnnotations;

namespace Pilot.Sample.DownloadClients;

/// <summary>
/// A download client, as posted or put; fields it does not know are ignored. Every rule is here, but which rules apply
/// depends on the entry a <c>PUT</c> changes: a manual entry takes them all, an entry synced from Pulse only those of
/// <see cref="LocalFields"/> (the rest belongs to the registry and is ignored). Public because .NET 10's validation
/// generator discovers public types only.
/// </summary>
public sealed record DownloadClientRequest
{
    public const int MinPriority = 1;
    public const int MaxPriority = 50;

    /// <summary>The fields the user owns on any entry, by JSON name.</summary>
    public static readonly IReadOnlySet<string> LocalFields = new HashSet<string>(StringComparer.Ordinal) { "category", "priority", "enabled" };

    [Required, MaxLength(200)]
    public string? Name { get; init; }

    [MaxLength(50)]
    public string? Implementation { get; init; }

    [AllowedValues(null, "torrent", "usenet")]
    public string? Protocol { get; init; }

    [Required, HttpUrl]
    public string? Url { get; init; }

    // A blank key is a key (Haul's own are hex, but a manual client may use another); an empty one is none.
    [Required(AllowEmptyStrings = true), MinLength(1), MaxLength(256)]
    public string? ApiKey { get; init; }

    [MaxLength(100)]
    public string? Category { get; init; }

    [Range(MinPriority, MaxPriority)]
    public int? Priority { get; init; }

    public bool? Enabled { get; init; }
}
