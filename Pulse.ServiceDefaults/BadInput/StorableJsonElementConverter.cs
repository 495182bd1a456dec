using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pulse.ServiceDefaults.BadInput;

/// <summary>
/// Reads a free-form <see cref="JsonElement"/> field of a request body (metadata, say) under the
/// <see cref="StorableText"/> rule: PostgreSQL <c>jsonb</c> refuses <c>\u0000</c> as <c>text</c> refuses NUL.
/// </summary>
public sealed class StorableJsonElementConverter : JsonConverter<JsonElement>
{
    /// <inheritdoc />
    public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var element = JsonElement.ParseValue(ref reader);
        return StorableText.ProblemOf(element) is { } problem ? throw new UnstorableTextException(problem) : element;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options) => value.WriteTo(writer);
}
