using System.Globalization;

namespace Haul.Sample.Torrents.Sources;

/// <summary>Reads a <c>magnet:</c> link: the info hash from <c>xt=urn:btih:</c> (40 hex or 32 base32 chars), <c>dn</c>, <c>xl</c>.</summary>
internal static class MagnetLink
{
    /// <summary>A magnet link gives no size without its metadata: the simulation assumes 1 GiB unless <c>xl</c> says.</summary>
    public const long UnknownSize = 1L << 30;

    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static Resolution Resolve(string uri)
    {
        var query = uri.IndexOf('?', StringComparison.Ordinal) is var q and >= 0 ? uri[(q + 1)..] : "";
        string? hash = null, name = null;
        long? size = null;
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.IndexOf('=', StringComparison.Ordinal) is var e and >= 0 ? (pair[..e], Unescape(pair[(e + 1)..])) : (pair, "");
            switch (key)
            {
                case "xt" when hash is null && value.StartsWith("urn:btih:", StringComparison.OrdinalIgnoreCase):
                    hash = value["urn:btih:".Length..];
                    break;
                case "dn" when name is null:
                    name = value;
                    break;
                case "xl" when long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length):
                    size = length;
                    break;
            }
        }

        if (hash is null)
        {
            return Resolution.BadInput("The magnet link has no 'xt=urn:btih:' info hash.");
        }

        var infoHash = NormalizeInfoHash(hash);
        if (infoHash is null)
        {
            return Resolution.BadInput("The magnet link's info hash is neither 40 hex nor 32 base32 characters.");
        }

        return Resolution.Of(new ResolvedTorrent(infoHash, string.IsNullOrWhiteSpace(name) ? infoHash : name, size ?? UnknownSize));
    }

    /// <summary>40 hex chars (any case) or 32 base32 chars to 40 lowercase hex chars; null if neither.</summary>
    public static string? NormalizeInfoHash(string hash)
    {
        if (hash.Length == 40 && hash.All(char.IsAsciiHexDigit))
        {
            return hash.ToLowerInvariant();
        }

        if (hash.Length != 32)
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[20];
        int buffer = 0, bits = 0, index = 0;
        foreach (var c in hash)
        {
            var value = Base32Alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            if (value < 0)
            {
                return null;
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes[index++] = (byte)(buffer >> bits);
                buffer &= (1 << bits) - 1;
            }
        }

        return Convert.ToHexStringLower(bytes);
    }

    private static string Unescape(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
