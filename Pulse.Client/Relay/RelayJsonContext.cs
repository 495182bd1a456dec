namespace Pulse.Client.Relay;

/// <summary>The relay's wire format: snake_case.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RelayDeliveryPage))]
[JsonSerializable(typeof(RelayClaim))]
[JsonSerializable(typeof(RelayPosted))]
[JsonSerializable(typeof(RelayMessageState))]
[JsonSerializable(typeof(PostMessageBody))]
[JsonSerializable(typeof(EpochBody))]
[JsonSerializable(typeof(CompleteBody))]
[JsonSerializable(typeof(FailBody))]
internal sealed partial class RelayJsonContext : JsonSerializerContext;

internal sealed record PostMessageBody(string Type, string? Key, System.Text.Json.JsonElement Payload);

internal sealed record EpochBody(long Epoch);

internal sealed record CompleteBody(long Epoch, System.Text.Json.JsonElement? Result);

internal sealed record FailBody(long Epoch, string? Reason, bool Retry);
