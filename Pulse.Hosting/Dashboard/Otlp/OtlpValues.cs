using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Pulse.Hosting.Dashboard.Otlp.Proto;

namespace Pulse.Hosting.Dashboard.Otlp;

/// <summary>Turns OTLP's building blocks (ids, times, attribute values) into what the dashboard shows.</summary>
internal static class OtlpValues
{
    public const string UnknownService = "unknown_service";

    public static string ServiceName(Proto.Resource? resource)
    {
        if (resource is not null)
        {
            foreach (var attribute in resource.Attributes)
            {
                if (attribute.Key == "service.name" && attribute.Value?.ValueCase == AnyValue.ValueOneofCase.StringValue)
                {
                    return attribute.Value.StringValue;
                }
            }
        }

        return UnknownService;
    }

    /// <summary>A trace id (16 bytes) or span id (8 bytes) as lowercase hex; <c>null</c> when empty or all zero.</summary>
    public static string? Id(ByteString id) =>
        id.IsEmpty || !id.Span.ContainsAnyExcept((byte)0) ? null : Convert.ToHexStringLower(id.Span);

    /// <summary>Whether an id is absent or has the length OTLP requires.</summary>
    public static bool IsValidId(ByteString id, int length) => id.IsEmpty || id.Length == length;

    public static DateTime Time(ulong unixNanos) =>
        DateTime.UnixEpoch.AddTicks((long)Math.Min(unixNanos / 100, (ulong)(DateTime.MaxValue - DateTime.UnixEpoch).Ticks));

    public static Dictionary<string, string> Attributes(RepeatedField<KeyValue> attributes, SecretScrubber scrubber)
    {
        var result = new Dictionary<string, string>(attributes.Count, StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            result[attribute.Key] = scrubber.Scrub(Text(attribute.Value));
        }

        return result;
    }

    public static string Text(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString("R", CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
        AnyValue.ValueOneofCase.ArrayValue => "[" + string.Join(", ", value.ArrayValue.Values.Select(Text)) + "]",
        AnyValue.ValueOneofCase.KvlistValue => KeyValues(value.KvlistValue),
        _ => "",
    };

    private static string KeyValues(KeyValueList list)
    {
        var text = new StringBuilder("{");
        foreach (var pair in list.Values)
        {
            text.Append(text.Length > 1 ? ", " : "").Append(pair.Key).Append(": ").Append(Text(pair.Value));
        }

        return text.Append('}').ToString();
    }
}
