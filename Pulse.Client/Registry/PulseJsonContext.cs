namespace Pulse.Client.Registry;

/// <summary>The registry's wire format: snake_case, nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RegisterRequest))]
[JsonSerializable(typeof(ServiceRecord))]
[JsonSerializable(typeof(List<DownloadClientRecord>))]
[JsonSerializable(typeof(ProblemBody))]
internal sealed partial class PulseJsonContext : JsonSerializerContext;

/// <summary>The parts of an <c>application/problem+json</c> body that say why a call failed.</summary>
internal sealed record ProblemBody(string? Title, string? Detail);
