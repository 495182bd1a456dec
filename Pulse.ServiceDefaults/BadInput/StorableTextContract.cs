using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Pulse.ServiceDefaults.BadInput;

/// <summary>
/// Holds every request body that a minimal API binds to the <see cref="StorableText"/> rule, as a JSON contract
/// modifier: once an object is read, each of its string, string-list and free-form JSON fields is checked, and a NUL
/// or an unpaired surrogate fails binding with the field's JSON name (<see cref="UnstorableTextException"/>), which
/// <see cref="BadRequestExceptionHandler"/> answers as a <c>400</c>. A lone surrogate escape in a plain string field
/// never gets this far: the JSON reader refuses it, and binding fails with the field's path all the same. The types'
/// converters stay the built-in ones, so the OpenAPI document still describes them. A type that keeps the fields it does
/// not know as <see cref="System.Text.Json.Serialization.JsonExtensionDataAttribute">extension data</see> has their text
/// checked too, each named by its own name.
/// </summary>
public static class StorableTextContract
{
    /// <summary>Adds the check to the contract of every object type that has a field of text.</summary>
    public static void Modify(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        var fields = typeInfo.Properties
            .Where(property => property.Get is not null && (property.IsExtensionData || HoldsText(property.PropertyType)))
            .ToArray();
        if (fields.Length == 0)
        {
            return;
        }

        var previous = typeInfo.OnDeserialized;
        typeInfo.OnDeserialized = value =>
        {
            foreach (var field in fields)
            {
                if (field.IsExtensionData)
                {
                    CheckUnknownFields(field.Get!(value));
                }
                else if (ProblemOf(field.Get!(value)) is { } problem)
                {
                    throw new UnstorableTextException(field.Name, problem);
                }
            }

            previous?.Invoke(value);
        };
    }

    // The fields a type does not know, kept as extension data: each is named by its own name, and a name that cannot
    // be stored names no field.
    private static void CheckUnknownFields(object? unknown)
    {
        if (unknown is not IEnumerable<KeyValuePair<string, JsonElement>> fields)
        {
            return;
        }

        foreach (var (name, element) in fields)
        {
            if (StorableText.Problem(name) is { } nameProblem)
            {
                throw new UnstorableTextException(null, nameProblem);
            }

            if (StorableText.ProblemOf(element) is { } problem)
            {
                throw new UnstorableTextException(name, problem);
            }
        }
    }

    private static bool HoldsText(Type type) =>
        type == typeof(string) || type == typeof(JsonElement) || type == typeof(JsonElement?)
        || typeof(IEnumerable<string>).IsAssignableFrom(type);

    private static string? ProblemOf(object? value) => value switch
    {
        string text => StorableText.Problem(text),
        JsonElement element => StorableText.ProblemOf(element),
        IEnumerable<string> items => items.Select(StorableText.Problem).FirstOrDefault(problem => problem is not null),
        _ => null,
    };
}
