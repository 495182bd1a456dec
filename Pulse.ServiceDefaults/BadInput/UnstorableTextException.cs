using System.Text.Json;

namespace Pulse.ServiceDefaults.BadInput;

/// <summary>A JSON string in a request body that breaks the <see cref="StorableText"/> rule; the serializer adds its path.</summary>
public sealed class UnstorableTextException(string message) : JsonException(message);
