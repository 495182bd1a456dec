namespace Pulse.Registry.Relay;

/// <summary>
/// A JSON value stored as its text (a message's payload or result) and written back verbatim, so any JSON value comes
/// back as that value without being parsed again.
/// </summary>
[JsonConverter(typeof(RawJsonConverter))]
internal readonly record struct RawJson(string Text);

internal sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new RawJson(document.RootElement.GetRawText());
    }

    // Validated when it was stored: written without a second parse.
    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Text, skipInputValidation: true);
}
