using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Pulse.ServiceDefaults.BadInput;

/// <summary>
/// Holds every request body that a minimal API binds to the <see cref="StorableText"/> rule, as a JSON contract
/// modifier: once an object is read, each of its string, string-list and free-form JSON fields is checked, and a NUL
/// or an unpaired surrogate fails binding with the field's JSON name (<see cref="UnstorableTextException"/>), which
/// <see cref="BadRequestExceptionHandler"/> answers as a <c>400</c>. A lone surrogate escape in a plain string field
/// never gets this far: the JSON reader refuses it, and binding fails with the field's path all the same. The types'
/// converters stay the built-in ones, so the OpenAPI document still describes them.
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

        var fields = typeInfo.Properties.Where(property => property.Get is not null && HoldsText(property.PropertyType)).ToArray();
        if (fields.Length == 0)
        {
            return;
        }

        var previous = typeInfo.OnDeserialized;
        typeInfo.OnDeserialized = value =>
        {
            foreach (var field in fields)
            {
                if (ProblemOf(field.Get!(value)) is { } problem)
                {
                    throw new UnstorableTextException(field.Name, problem);
                }
            }

            previous?.Invoke(value);
        };
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
