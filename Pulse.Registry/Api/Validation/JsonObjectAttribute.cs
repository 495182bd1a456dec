namespace Pulse.Registry.Api.Validation;

/// <summary>
/// A JSON object of at most <paramref name="maxLength"/> characters, sent as a JSON-encoded string (as the Beacon
/// services send it) or as an object; an empty string is absent.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
internal sealed class JsonObjectAttribute(int maxLength)
    : ValidationAttribute($"The field must be a JSON object, or one encoded as a string, of at most {maxLength} characters.")
{
    public override bool IsValid(object? value)
    {
        if (value is not JsonElement element || Text(element) is not { } text)
        {
            return value is null or JsonElement { ValueKind: JsonValueKind.String };
        }

        if (text.Length > maxLength)
        {
            return false;
        }

        try
        {
            using var parsed = JsonDocument.Parse(text);
            return parsed.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The object's JSON text; <see langword="null"/> when absent (or not a string or an object).</summary>
    public static string? Text(JsonElement? element) => element switch
    {
        { ValueKind: JsonValueKind.Object } value => value.GetRawText(),
        { ValueKind: JsonValueKind.String } value when value.GetString() is { Length: > 0 } text => text,
        _ => null,
    };
}
