using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Pulse.Fuzz.Tests.Json;

/// <summary>Reads a JSON string as the UTF-16 it encodes, lone surrogates included (which <see cref="JsonElement.GetString"/> refuses).</summary>
internal static class JsonText
{
    public static string StringOf(JsonElement value)
    {
        var raw = value.GetRawText();
        var text = new StringBuilder(raw.Length);
        for (var i = 1; i < raw.Length - 1; i++)
        {
            if (raw[i] != '\\')
            {
                text.Append(raw[i]);
                continue;
            }

            i++;
            text.Append(raw[i] switch
            {
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                'b' => '\b',
                'f' => '\f',
                'u' => (char)int.Parse(raw.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                var other => other,
            });
            if (raw[i] == 'u')
            {
                i += 4;
            }
        }

        return text.ToString();
    }
}
