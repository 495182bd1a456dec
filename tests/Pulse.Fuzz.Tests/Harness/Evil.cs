using System.Text;
using Pulse.Fuzz.Tests.Json;

namespace Pulse.Fuzz.Tests.Harness;

/// <summary>The hostile values every string, number and document gets, by kind; the seed picks each kind's variant.</summary>
internal static class Evil
{
    /// <summary>Characters that must be refused or stored as they came, never a 5xx.</summary>
    public static readonly (string Kind, string[] Variants)[] Strings =
    [
        ("nul", ["\u0000", "a\u0000b"]),
        ("lone-surrogate", ["\ud800", "\udfff", "x\ud83dy"]),
        ("control", ["\u0001", "\u001b[2J", "\u007f", "\u0085", "\r\n", "\u0008\u000b\u000c"]),
        ("rtl", ["\u202e", "\u200f", "\u2067txt\u2069", "\u061c"]),
        ("zero-width", ["\u200b", "\u200d", "\ufeff", "\u2060", "\u180e"]),
        ("non-bmp", ["\U0001F600", "\U0001D518", "\U000E0001"]),
        ("over-long", [new string('x', 70_000)]),
    ];

    /// <summary>Values of another JSON type, for any field.</summary>
    public static readonly (string Kind, FuzzJson Value)[] TypeSwaps =
    [
        ("type:number", FuzzJson.Num(12345)),
        ("type:bool", FuzzJson.Bool(true)),
        ("type:null", FuzzJson.Null),
        ("type:array", FuzzJson.Arr(FuzzJson.Str("x"))),
        ("type:object", FuzzJson.Obj(("x", FuzzJson.Str("y")))),
        ("type:string", FuzzJson.Str("high")),
        ("type:empty-string", FuzzJson.Str("")),
    ];

    /// <summary>Numbers out of every range.</summary>
    public static readonly (string Kind, string Json)[] Numbers =
    [
        ("number:negative", "-1"),
        ("number:int-overflow", "2147483648"),
        ("number:long-overflow", "9223372036854775808"),
        ("number:huge", "99999999999999999999999999999999999999"),
        ("number:beyond-double", "1e400"),
        ("number:negative-beyond-double", "-1e400"),
        ("number:fraction", "1.5"),
    ];

    public const int NestingDepth = 5_000;

    public static FuzzJson DeepArray() => FuzzJson.Raw(new string('[', NestingDepth) + new string(']', NestingDepth));

    public static FuzzJson DeepObject()
    {
        var text = new StringBuilder();
        for (var i = 0; i < NestingDepth; i++)
        {
            text.Append("{\"a\":");
        }

        text.Append("1").Append('}', NestingDepth);
        return FuzzJson.Raw(text.ToString());
    }

    /// <summary>A JSON string holding bytes that are not UTF-8 (a surrogate encoded as UTF-8, a stray continuation byte).</summary>
    public static FuzzJson InvalidUtf8String(string prefix)
    {
        var bytes = FuzzJson.Str(prefix).ToUtf8().ToList();
        bytes.RemoveAt(bytes.Count - 1);
        bytes.AddRange([0xED, 0xA0, 0x80, 0x80, 0xFF]);
        bytes.Add((byte)'"');
        return new JRaw(prefix + "\\xED\\xA0\\x80\\x80\\xFF", [.. bytes]);
    }

    /// <summary>Query and form values, as percent-encoded text (a lone surrogate can only travel as invalid UTF-8).</summary>
    public static string Escape(string value) => Uri.EscapeDataString(value);

    public const string InvalidUtf8Escaped = "%ED%A0%80%80%FF";

    public static string Pick(Random random, string[] variants) => variants[random.Next(variants.Length)];
}
