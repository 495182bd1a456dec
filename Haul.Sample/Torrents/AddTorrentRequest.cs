using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace Haul.Sample.Torrents;

/// <summary>
/// The body of <c>POST /api/v1/torrents</c> (and the payload of a relayed <c>torrent.add</c>); fields it does not know are
/// ignored. Whether the uri is a magnet link, an http(s) url or a data uri, and what it holds, is the resolver's to say
/// (<see cref="Sources.TorrentUriResolver"/>): parsing it is adding it. Public because .NET 10's validation generator
/// discovers public types only.
/// </summary>
public sealed record AddTorrentRequest
{
    [Required]
    public string? Uri { get; init; }

    public string? Category { get; init; }

    public string? SavePath { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    public bool Paused { get; init; }

    public JsonElement? Metadata { get; init; }
}
