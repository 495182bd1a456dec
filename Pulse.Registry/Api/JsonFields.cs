using System.Text.Json;

namespace Pulse.Registry.Api;

/// <summary>
/// Reads the fields of a JSON object one by one and collects every error under its snake_case name. An empty string
/// and <c>null</c> both mean absent.
/// </summary>
internal sealed class JsonFields(JsonElement root)
{
    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    public bool IsValid => Errors.Count == 0;

    public void Fail(string name, string message) =>
        Errors[name] = Errors.TryGetValue(name, out var existing) ? [.. existing, message] : [message];

    public string? String(string name, int maxLength, bool required = false)
    {
        if (!TryGet(name, out var value))
        {
            if (required)
            {
                Fail(name, "The field is required.");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Fail(name, "The field must be a string.");
            return null;
        }

        var text = value.GetString()!;
        if (text.Length == 0)
        {
            if (required)
            {
                Fail(name, "The field is required.");
            }

            return null;
        }

        if (text.Length > maxLength)
        {
            Fail(name, $"The field must be at most {maxLength} characters.");
            return null;
        }

        return text;
    }

    public string? AbsoluteHttpUrl(string name, bool required = false)
    {
        var text = String(name, 2048, required);
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host))
        {
            Fail(name, "The field must be an absolute http or https URL.");
            return null;
        }

        return text;
    }

    public string? OneOf(string name, params string[] allowed)
    {
        var text = String(name, 64);
        if (text is not null && !allowed.Contains(text, StringComparer.Ordinal))
        {
            Fail(name, $"The field must be one of: {string.Join(", ", allowed)}.");
            return null;
        }

        return text;
    }

    public Guid? Guid(string name)
    {
        var text = String(name, 64);
        if (text is not null && !System.Guid.TryParse(text, out var id))
        {
            Fail(name, "The field must be a UUID.");
            return null;
        }

        return text is null ? null : System.Guid.Parse(text);
    }

    public string[]? StringArray(string name, int maxCount, int maxLength)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Fail(name, "The field must be an array of strings.");
            return null;
        }

        var count = value.GetArrayLength();
        if (count > maxCount)
        {
            Fail(name, $"The field must hold at most {maxCount} items.");
            return null;
        }

        var items = new string[count];
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 } text)
            {
                Fail(name, "Every item must be a non-empty string.");
                return null;
            }

            if (text.Length > maxLength)
            {
                Fail(name, $"Every item must be at most {maxLength} characters.");
                return null;
            }

            items[i++] = text;
        }

        return items;
    }

    /// <summary>A JSON object sent as a JSON-encoded string, as the Beacon services send it (or as an object).</summary>
    public string? JsonObjectString(string name, int maxLength)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        string text;
        if (value.ValueKind == JsonValueKind.Object)
        {
            text = value.GetRawText();
        }
        else if (value.ValueKind == JsonValueKind.String)
        {
            text = value.GetString()!;
            if (text.Length == 0)
            {
                return null;
            }
        }
        else
        {
            Fail(name, "The field must be a JSON object encoded as a string.");
            return null;
        }

        if (text.Length > maxLength)
        {
            Fail(name, $"The field must be at most {maxLength} characters.");
            return null;
        }

        try
        {
            using var parsed = JsonDocument.Parse(text);
            if (parsed.RootElement.ValueKind != JsonValueKind.Object)
            {
                Fail(name, "The field must hold a JSON object.");
                return null;
            }
        }
        catch (JsonException)
        {
            Fail(name, "The field must hold a JSON object.");
            return null;
        }

        return text;
    }

    public bool? Boolean(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Fail(name, "The field must be true or false.");
            return null;
        }

        return value.GetBoolean();
    }

    public int? Integer(string name, int min, int max, bool required = false) => (int?)Long(name, min, max, required);

    public long? Long(string name, long min, long max, bool required = false)
    {
        if (!TryGet(name, out var value))
        {
            if (required)
            {
                Fail(name, "The field is required.");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            Fail(name, "The field must be an integer.");
            return null;
        }

        if (number < min || number > max)
        {
            Fail(name, $"The field must be between {min} and {max}.");
            return null;
        }

        return number;
    }

    /// <summary>Any JSON value, as its text; absent is JSON <c>null</c>.</summary>
    public string AnyJson(string name) =>
        root.TryGetProperty(name, out var value) ? value.GetRawText() : "null";

    private bool TryGet(string name, out JsonElement value) =>
        root.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
}
