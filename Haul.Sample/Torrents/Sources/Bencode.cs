using System.Text;

namespace Haul.Sample.Torrents.Sources;

/// <summary>
/// A strict, bounded bencode reader (BEP 3): integers, byte strings, lists and dictionaries, each value with its byte
/// range so the info hash can be taken over the exact bytes of the <c>info</c> dictionary. No NuGet package served here
/// parses bencode, and this is all Haul needs.
/// </summary>
internal static class Bencode
{
    private const int MaxDepth = 64;

    public static BValue Parse(ReadOnlyMemory<byte> data)
    {
        var position = 0;
        var value = ReadValue(data, ref position, 0);
        if (position != data.Length)
        {
            throw new FormatException("Trailing bytes after the bencoded value.");
        }

        return value;
    }

    private static BValue ReadValue(ReadOnlyMemory<byte> data, ref int position, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException("Nested too deeply.");
        }

        var span = data.Span;
        if (position >= span.Length)
        {
            throw new FormatException("Unexpected end of data.");
        }

        var start = position;
        switch (span[position])
        {
            case (byte)'i':
                position++;
                var number = ReadInteger(span, ref position, (byte)'e');
                return new BValue(start, position, Integer: number);
            case (byte)'l':
                position++;
                var items = new List<BValue>();
                while (Peek(span, position) != 'e')
                {
                    items.Add(ReadValue(data, ref position, depth + 1));
                }

                position++;
                return new BValue(start, position, List: items);
            case (byte)'d':
                position++;
                var entries = new Dictionary<string, BValue>(StringComparer.Ordinal);
                while (Peek(span, position) != 'e')
                {
                    var key = ReadBytes(data, ref position);
                    entries[Encoding.UTF8.GetString(key.Span)] = ReadValue(data, ref position, depth + 1);
                }

                position++;
                return new BValue(start, position, Dictionary: entries);
            case >= (byte)'0' and <= (byte)'9':
                var bytes = ReadBytes(data, ref position);
                return new BValue(start, position, Bytes: bytes);
            default:
                throw new FormatException("Not a bencoded value.");
        }
    }

    private static char Peek(ReadOnlySpan<byte> span, int position) =>
        position < span.Length ? (char)span[position] : throw new FormatException("Unexpected end of data.");

    private static ReadOnlyMemory<byte> ReadBytes(ReadOnlyMemory<byte> data, ref int position)
    {
        var length = ReadInteger(data.Span, ref position, (byte)':');
        if (length < 0 || length > data.Length - position)
        {
            throw new FormatException("A byte string runs past the end of the data.");
        }

        var bytes = data.Slice(position, (int)length);
        position += (int)length;
        return bytes;
    }

    private static long ReadInteger(ReadOnlySpan<byte> span, ref int position, byte terminator)
    {
        var end = span[position..].IndexOf(terminator);
        if (end <= 0 || end > 20)
        {
            throw new FormatException("A malformed integer.");
        }

        var digits = span.Slice(position, end);
        if (!long.TryParse(digits, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value)
            || (digits.Length > 1 && digits[0] == '0') || (digits.Length > 1 && digits[0] == '-' && digits[1] == '0'))
        {
            throw new FormatException("A malformed integer.");
        }

        position += end + 1;
        return value;
    }
}

/// <summary>One bencoded value and its byte range [<see cref="Start"/>, <see cref="End"/>).</summary>
internal sealed record BValue(
    int Start,
    int End,
    long? Integer = null,
    ReadOnlyMemory<byte>? Bytes = null,
    List<BValue>? List = null,
    Dictionary<string, BValue>? Dictionary = null)
{
    public BValue? this[string key] => Dictionary is not null && Dictionary.TryGetValue(key, out var value) ? value : null;
}
