namespace Haul.Sample.Torrents.Sources;

/// <summary>The limits on a .torrent Haul reads: at most 10 MiB (fetched or decoded) and 3 redirects.</summary>
internal static class TorrentLimits
{
    public const int MaxTorrentBytes = 10 * 1024 * 1024;
    public const int MaxRedirects = 3;
}
