using System.Text.Json;

namespace Haul.Sample.Torrents;

/// <summary>
/// A torrent as stored in <c>hauldb</c>. The simulated transfer is kept as <see cref="Downloaded"/> bytes as of
/// <see cref="RunningSince"/> (null while paused), so progress is derived from the clock and survives restarts.
/// </summary>
internal sealed record TorrentRecord(
    string InfoHash,
    string Name,
    string? Category,
    string? SavePath,
    string[] Tags,
    long Size,
    long Downloaded,
    DateTimeOffset? RunningSince,
    JsonElement? Metadata,
    DateTimeOffset AddedAt)
{
    /// <summary>The torrent's state at <paramref name="now"/>, transferring at <paramref name="rate"/> bytes per second.</summary>
    public TorrentDto ToDto(DateTimeOffset now, long rate)
    {
        var downloaded = DownloadedAt(now, rate);
        var complete = downloaded >= Size;
        var running = RunningSince is not null && !complete;
        DateTimeOffset? completedAt = complete && RunningSince is { } since
            ? since + TimeSpan.FromSeconds((double)(Size - Downloaded) / rate)
            : null;
        var status = complete ? "completed" : running ? "downloading" : "paused";
        long? eta = complete ? 0 : running ? (long)Math.Ceiling((double)(Size - downloaded) / rate) : null;
        return new TorrentDto(InfoHash, Name, status, Category, Tags, SavePath, Size, downloaded,
            Size == 0 ? 1 : Math.Round((double)downloaded / Size, 4), running ? rate : 0, eta, AddedAt, completedAt, Metadata);
    }

    public long DownloadedAt(DateTimeOffset now, long rate)
    {
        if (RunningSince is not { } since || now <= since)
        {
            return Math.Min(Downloaded, Size);
        }

        var moved = (now - since).TotalSeconds * rate;
        return moved >= Size - Downloaded ? Size : Downloaded + (long)moved;
    }
}
