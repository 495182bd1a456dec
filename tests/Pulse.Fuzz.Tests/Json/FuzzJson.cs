using System.Globalization;
using System.Text;

namespace Pulse.Fuzz.Tests.Json;

/// <summary>
/// A JSON tree the fuzzer writes byte by byte, so it can send what a serializer refuses to write: lone surrogates
/// (as <c>\ud800</c> escapes), invalid UTF-8, duplicate keys, numbers beyond any range and raw fragments.
/// </summary>
internal abstract record FuzzJson
{
    public static FuzzJson Str(string value) => new JStr(value);

    public static FuzzJson Num(long value) => new JRaw(value.ToString(CultureInfo.InvariantCulture));

    public static FuzzJson Bool(bool value) => new JRaw(value ? "true" : "false");

    public static FuzzJson Raw(string json) => new JRaw(json);

    public static FuzzJson Null { get; } = new JRaw("null");

    public static JObj Obj(params (string Name, FuzzJson Value)[] fields) => new([.. fields]);

    public static JArr Arr(params FuzzJson[] items) => new([.. items]);

    public byte[] ToUtf8()
    {
        var bytes = new List<byte>();
        Write(bytes);
        return [.. bytes];
    }

    /// <summary>The JSON text for a report: readable, with what cannot be printed escaped.</summary>
    public string ToDisplay() => Display.Of(ToUtf8());

    public abstract void Write(List<byte> output);

    protected static void WriteString(string value, List<byte> output)
    {
        output.Add((byte)'"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                output.AddRange(Encoding.UTF8.GetBytes(value.Substring(i, 2)));
                i++;
            }
            else if (char.IsSurrogate(c) || c < 0x20)
            {
                // Lone surrogates travel as escapes: valid JSON syntax, no valid UTF-16 string behind it.
                output.AddRange(Encoding.ASCII.GetBytes($"\\u{(int)c:x4}"));
            }
            else if (c is '"' or '\\')
            {
                output.Add((byte)'\\');
                output.Add((byte)c);
            }
            else
            {
                output.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }

        output.Add((byte)'"');
    }
}

/// <summary>A JSON string.</summary>
internal sealed record JStr(string Value) : FuzzJson
{
    public override void Write(List<byte> output) => WriteString(Value, output);
}

/// <summary>Raw bytes written as they are: a number, a literal, a nested fragment, invalid UTF-8.</summary>
internal sealed record JRaw(string Json, byte[]? Bytes = null) : FuzzJson
{
    public override void Write(List<byte> output) => output.AddRange(Bytes ?? Encoding.UTF8.GetBytes(Json));
}

/// <summary>An object whose fields keep their order and may repeat a name.</summary>
internal sealed record JObj(List<(string Name, FuzzJson Value)> Fields) : FuzzJson
{
    public FuzzJson? this[string name] => Fields.LastOrDefault(f => f.Name == name).Value;

    public JObj Without(string name) => new([.. Fields.Where(f => f.Name != name)]);

    public JObj With(string name, FuzzJson value)
    {
        var fields = new List<(string, FuzzJson)>(Fields);
        var at = fields.FindIndex(f => f.Item1 == name);
        if (at >= 0)
        {
            fields[at] = (name, value);
        }
        else
        {
            fields.Add((name, value));
        }

        return new JObj(fields);
    }

    public JObj Duplicating(string name, FuzzJson second) => new([.. Fields, (name, second)]);

    public override void Write(List<byte> output)
    {
        output.Add((byte)'{');
        for (var i = 0; i < Fields.Count; i++)
        {
            if (i > 0)
            {
                output.Add((byte)',');
            }

            WriteString(Fields[i].Name, output);
            output.Add((byte)':');
            Fields[i].Value.Write(output);
        }

        output.Add((byte)'}');
    }
}

/// <summary>A JSON array.</summary>
internal sealed record JArr(List<FuzzJson> Items) : FuzzJson
{
    public override void Write(List<byte> output)
    {
        output.Add((byte)'[');
        for (var i = 0; i < Items.Count; i++)
        {
            if (i > 0)
            {
                output.Add((byte)',');
            }

            Items[i].Write(output);
        }

        output.Add((byte)']');
    }
}
