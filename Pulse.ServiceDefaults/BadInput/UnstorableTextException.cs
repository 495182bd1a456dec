using System.Text.Json;

namespace Pulse.ServiceDefaults.BadInput;

/// <summary>A field of a request body that breaks the <see cref="StorableText"/> rule, named as it is in JSON.</summary>
public sealed class UnstorableTextException(string? field, string message) : JsonException(message)
{
    /// <summary>The field's JSON name; <see langword="null"/> when the name itself cannot be stored.</summary>
    public string? Field { get; } = field;
}
