using System.ComponentModel.DataAnnotations;

namespace Pilot.Sample.Grabs;

/// <summary>
/// A grab as posted, <c>{title, uri, category?}</c>, by the API or the web page's form; fields it does not know are
/// ignored. The uri is the download client's to judge (a magnet link, an http(s) URL of a .torrent, or a data: URI).
/// Public because .NET 10's validation generator discovers public types only.
/// </summary>
public sealed record GrabRequest
{
    [Required, MaxLength(500)]
    public string? Title { get; init; }

    [Required, MaxLength(16 * 1024)]
    public string? Uri { get; init; }

    [MaxLength(100)]
    public string? Category { get; init; }
}
