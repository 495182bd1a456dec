namespace Haul.Sample;

/// <summary>Every log line of Haul. None carries a key or a fetched body.</summary>
internal static partial class Log
{
    [LoggerMessage(3, LogLevel.Debug, "Torrent {InfoHash} added: {Name}", EventName = "TorrentAdded")]
    public static partial void TorrentAdded(ILogger logger, string infoHash, string name);

    [LoggerMessage(4, LogLevel.Information, "Torrent could not be resolved: {Reason}", EventName = "TorrentUnresolvable")]
    public static partial void TorrentUnresolvable(ILogger logger, string reason);

    [LoggerMessage(6, LogLevel.Warning, "A .torrent fetch from {Origin} was refused by the fetch policy: {Reason}", EventName = "FetchRefused")]
    public static partial void FetchRefused(ILogger logger, string origin, string reason);

    [LoggerMessage(7, LogLevel.Information, "A .torrent fetch from {Origin} failed: {Reason}", EventName = "FetchFailed")]
    public static partial void FetchFailed(ILogger logger, string origin, string reason);
}
