using System.Text.Json;

namespace Haul.Sample.Torrents;

/// <summary>A torrent as the API returns it.</summary>
internal sealed record TorrentDto(
    string InfoHash,
    string Name,
    string Status,
    string? Category,
    IReadOnlyList<string> Tags,
    string? SavePath,
    long Size,
    long Downloaded,
    double Progress,
    long DownloadRate,
    long? Eta,
    DateTimeOffset AddedAt,
    DateTimeOffset? CompletedAt,
    JsonElement? Metadata);
