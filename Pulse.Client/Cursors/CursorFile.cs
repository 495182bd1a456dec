namespace Pulse.Client.Cursors;

/// <summary>The content of a cursor file.</summary>
internal sealed record CursorFile(string Stream, string Cursor);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CursorFile))]
internal sealed partial class CursorJsonContext : JsonSerializerContext;
