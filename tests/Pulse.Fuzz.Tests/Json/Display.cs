using System.Globalization;
using System.Text;

namespace Pulse.Fuzz.Tests.Json;

/// <summary>Text for a report: what a terminal would hide or reorder (controls, bidi marks, invalid UTF-8) escaped, and cut short.</summary>
internal static class Display
{
    public const int MaxLength = 240;

    public static string Of(byte[] bytes) => Of(bytes, MaxLength);

    public static string Of(byte[] bytes, int maxLength)
    {
        var text = new StringBuilder();
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var i = 0;
        while (i < bytes.Length && text.Length < maxLength)
        {
            var length = SequenceLength(bytes[i]);
            string? decoded = null;
            if (length > 0 && i + length <= bytes.Length)
            {
                try
                {
                    decoded = decoder.GetString(bytes, i, length);
                }
                catch (DecoderFallbackException)
                {
                }
            }

            if (decoded is null)
            {
                text.Append(CultureInfo.InvariantCulture, $"\\x{bytes[i]:X2}");
                i++;
                continue;
            }

            text.Append(Of(decoded, int.MaxValue));
            i += length;
        }

        return i < bytes.Length ? text + $"… ({bytes.Length} bytes)" : text.ToString();
    }

    public static string Of(string value, int maxLength = MaxLength)
    {
        var text = new StringBuilder();
        foreach (var rune in value.EnumerateRunes())
        {
            if (text.Length >= maxLength)
            {
                return text + $"… ({value.Length} chars)";
            }

            var category = Rune.GetUnicodeCategory(rune);
            if (rune.Value == 0)
            {
                text.Append("\\0");
            }
            else if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{rune.Value:x4}");
            }
            else
            {
                text.Append(rune.ToString());
            }
        }

        // EnumerateRunes turns a lone surrogate into U+FFFD; say what it was.
        return value.Any(char.IsSurrogate) && !HasOnlyPairs(value) ? text.Replace("\ufffd", "\\u(lone surrogate)").ToString() : text.ToString();
    }

    private static bool HasOnlyPairs(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static int SequenceLength(byte first) => first switch
    {
        < 0x80 => 1,
        >= 0xC2 and < 0xE0 => 2,
        >= 0xE0 and < 0xF0 => 3,
        >= 0xF0 and < 0xF5 => 4,
        _ => 0,
    };
}
