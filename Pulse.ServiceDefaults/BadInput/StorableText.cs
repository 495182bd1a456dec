using System.Text.Json;

namespace Pulse.ServiceDefaults.BadInput;

/// <summary>
/// The one rule for text a Pulse service accepts from a request: it must be storable. PostgreSQL <c>text</c> and
/// <c>jsonb</c> can never hold the NUL character (U+0000), and an unpaired UTF-16 surrogate (a lone <c>\ud800</c> in
/// JSON) cannot be encoded as UTF-8. Every request's JSON strings, query parameters and form fields go through
/// this rule before anything reads them, so such text is a <c>400</c> naming the field, never a
/// <c>500</c> from the database or the JSON reader.
/// </summary>
public static class StorableText
{
    /// <summary>Why <paramref name="text"/> cannot be stored, or <see langword="null"/> when it can.</summary>
    public static string? Problem(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Contains('\0'))
        {
            return "The value must not contain the NUL character (U+0000).";
        }

        return HasUnpairedSurrogate(text) ? UnpairedSurrogate : null;
    }

    /// <summary>
    /// The first string (a property name or a value, at any depth) of <paramref name="element"/> that cannot be stored:
    /// the top-level property it sits under (<see langword="null"/> when <paramref name="element"/> is not an object or the
    /// top-level name itself is the culprit) and why; <see langword="false"/> when every string can be stored.
    /// </summary>
    public static bool TryFindProblem(JsonElement element, out string? field, out string? problem)
    {
        field = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return (problem = ProblemOf(element)) is not null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (NameProblem(property) is { } nameProblem)
            {
                problem = nameProblem;
                return true;
            }

            if (ProblemOf(property.Value) is { } valueProblem)
            {
                field = property.Name;
                problem = valueProblem;
                return true;
            }
        }

        problem = null;
        return false;
    }

    /// <summary>Why some string inside <paramref name="element"/> cannot be stored, or <see langword="null"/>.</summary>
    public static string? ProblemOf(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return TryGetString(element, out var text) ? Problem(text) : UnpairedSurrogate;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (ProblemOf(item) is { } itemProblem)
                    {
                        return itemProblem;
                    }
                }

                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if ((NameProblem(property) ?? ProblemOf(property.Value)) is { } propertyProblem)
                    {
                        return propertyProblem;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private const string UnpairedSurrogate = "The value must not contain an unpaired UTF-16 surrogate (it cannot be encoded as UTF-8).";

    // The JSON reader refuses to turn an escaped lone surrogate into a string; it says so with an InvalidOperationException.
    private static bool TryGetString(JsonElement element, out string? text)
    {
        try
        {
            text = element.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            text = null;
            return false;
        }
    }

    private static string? NameProblem(JsonProperty property)
    {
        try
        {
            return Problem(property.Name);
        }
        catch (InvalidOperationException)
        {
            return UnpairedSurrogate;
        }
    }

    private static bool HasUnpairedSurrogate(string text)
    {
        var first = text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
        for (var i = first < 0 ? text.Length : first; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }
}
