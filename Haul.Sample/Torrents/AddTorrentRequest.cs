using System.Text.Json;

namespace Haul.Sample.Torrents;

/// <summary>The body of <c>POST /api/v1/torrents</c>.</summary>
internal sealed record AddTorrentRequest(
    string? Uri,
    string? Category = null,
    string? SavePath = null,
    IReadOnlyList<string>? Tags = null,
    bool Paused = false,
    JsonElement? Metadata = null);
