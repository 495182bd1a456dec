namespace Haul.Sample.Torrents.Sources;

/// <summary>Reads <c>data:application/x-bittorrent;base64,...</c> (at most 10 MiB decoded).</summary>
internal static class DataUri
{
    private const string Prefix = "data:application/x-bittorrent;base64,";

    public static Resolution Resolve(string uri)
    {
        if (!uri.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return Resolution.BadInput("A data: uri must be 'data:application/x-bittorrent;base64,...'.");
        }

        var encoded = uri[Prefix.Length..];
        if (encoded.Contains('%', StringComparison.Ordinal))
        {
            encoded = Uri.UnescapeDataString(encoded);
        }

        if ((long)encoded.Length * 3 / 4 > TorrentLimits.MaxTorrentBytes + 2)
        {
            return Resolution.CannotResolve("The torrent is larger than 10 MiB.");
        }

        var bytes = new byte[encoded.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64String(encoded, bytes, out var written))
        {
            return Resolution.BadInput("The data: uri is not valid base64.");
        }

        if (written > TorrentLimits.MaxTorrentBytes)
        {
            return Resolution.CannotResolve("The torrent is larger than 10 MiB.");
        }

        return TorrentMetainfo.TryRead(bytes.AsMemory(0, written)) is { } torrent
            ? Resolution.Of(torrent)
            : Resolution.CannotResolve("The data is not a torrent file.");
    }
}
