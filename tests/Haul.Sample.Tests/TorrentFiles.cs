using System.Security.Cryptography;
using System.Text;

namespace Haul.Sample.Tests;

/// <summary>Builds .torrent files and magnet links for tests, each with a fresh info hash so tests own their data.</summary>
internal static class TorrentFiles
{
    /// <summary>A single-file torrent and the SHA-1 of its bencoded info dictionary.</summary>
    public static (byte[] Bytes, string InfoHash) Create(string name, long length)
    {
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var info = Encode($"d6:lengthi{length}e4:name{name.Length}:{name}12:piece lengthi262144e6:pieces20:{new string('x', 20)}7:private{nonce.Length}:{nonce}e");
        var torrent = Encode("d8:announce20:http://tracker.test/4:info").Concat(info).Concat(Encode("e")).ToArray();
        return (torrent, Convert.ToHexStringLower(SHA1.HashData(info)));
    }

    public static string RandomInfoHash() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    public static string DataUri(byte[] torrent) => "data:application/x-bittorrent;base64," + Convert.ToBase64String(torrent);

    public static string Base32(string hexHash)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = Convert.FromHexString(hexHash);
        var text = new StringBuilder();
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                text.Append(alphabet[(buffer >> bits) & 31]);
            }
        }

        return text.ToString();
    }

    private static byte[] Encode(string text) => Encoding.UTF8.GetBytes(text);
}
