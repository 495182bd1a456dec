namespace Haul.Sample.Torrents.Sources;

/// <summary>The limits of SPEC 6.1 on a .torrent Haul reads.</summary>
internal static class TorrentLimits
{
    public const int MaxTorrentBytes = 10 * 1024 * 1024;
    public const int MaxRedirects = 3;
}
