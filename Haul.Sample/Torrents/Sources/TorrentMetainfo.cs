using System.Security.Cryptography;
using System.Text;

namespace Haul.Sample.Torrents.Sources;

/// <summary>Reads a .torrent file: the info hash is the SHA-1 of the bencoded <c>info</c> dictionary (BEP 3).</summary>
internal static class TorrentMetainfo
{
    /// <summary>The torrent, or null when the bytes are not a (v1 or hybrid) torrent file.</summary>
    public static ResolvedTorrent? TryRead(ReadOnlyMemory<byte> data)
    {
        BValue root;
        try
        {
            root = Bencode.Parse(data);
        }
        catch (FormatException)
        {
            return null;
        }

        if (root["info"] is not { Dictionary: not null } info || info["name"]?.Bytes is not { } name)
        {
            return null;
        }

        long size;
        if (info["length"]?.Integer is { } length && length >= 0)
        {
            size = length;
        }
        else if (info["files"]?.List is { } files && files.All(f => f["length"]?.Integer is >= 0))
        {
            size = files.Sum(f => f["length"]!.Integer!.Value);
        }
        else
        {
            return null;
        }

        var infoHash = Convert.ToHexStringLower(SHA1.HashData(data.Span[info.Start..info.End]));
        return new ResolvedTorrent(infoHash, Encoding.UTF8.GetString(name.Span), size);
    }
}
