using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pulse.ServiceDefaults.BadInput;

/// <summary>
/// Reads every <see cref="string"/> of a request body bound by a minimal API under the <see cref="StorableText"/> rule:
/// a NUL or an unpaired surrogate fails binding with the field's path, which <see cref="BadRequestExceptionHandler"/>
/// answers as a <c>400</c> naming the field. Writing is unchanged.
/// </summary>
public sealed class StorableStringConverter : JsonConverter<string>
{
    /// <inheritdoc />
    public override bool HandleNull => false;

    /// <inheritdoc />
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException();
        }

        return Checked(ref reader);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    /// <inheritdoc />
    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Checked(ref reader);

    /// <inheritdoc />
    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value);

    private static string Checked(ref Utf8JsonReader reader)
    {
        string text;
        try
        {
            text = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate (or invalid UTF-8) cannot become a .NET string.
            throw new UnstorableTextException(StorableText.Problem("\uD800")!);
        }

        return StorableText.Problem(text) is { } problem ? throw new UnstorableTextException(problem) : text;
    }
}
