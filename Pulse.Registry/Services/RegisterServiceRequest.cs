using Pulse.Registry.Api.Validation;

namespace Pulse.Registry.Services;

/// <summary>
/// The body of <c>POST /api/v1/services/register</c>. An empty string or <c>null</c> means absent; fields it does not
/// know are ignored.
/// </summary>
public sealed record RegisterServiceRequest : RequestBody
{
    public const int MetadataMaxLength = 16 * 1024;

    [Required, MaxLength(200)]
    public string? Name { get; init => field = Absent.IfEmpty(value); }

    [Required, MaxLength(50)]
    public string? Type { get; init => field = Absent.IfEmpty(value); }

    [RequiredUnlessPoll, AbsoluteHttpUrl]
    public string? ApiUrl { get; init => field = Absent.IfEmpty(value); }

    [AbsoluteHttpUrl]
    public string? HealthUrl { get; init => field = Absent.IfEmpty(value); }

    [MaxLength(256)]
    public string? ApiKey { get; init => field = Absent.IfEmpty(value); }

    [MaxLength(64)]
    public string? Version { get; init => field = Absent.IfEmpty(value); }

    [Items(64, 100)]
    public string[]? Capabilities { get; init; }

    /// <summary>A JSON object, sent as a JSON-encoded string (as the Beacon services send it) or as an object.</summary>
    [JsonObject(MetadataMaxLength)]
    public JsonElement? Metadata { get; init; }

    [AllowedValues(null, DeliveryModes.Push, DeliveryModes.Poll)]
    public string? DeliveryMode { get; init => field = Absent.IfEmpty(value); }

    /// <summary>The id to use if this (name, type) is new, so a service keeps its id when the registry lost its data.</summary>
    [Uuid]
    public string? Id { get; init => field = Absent.IfEmpty(value); }

    [JsonIgnore]
    public string? MetadataText => JsonObjectAttribute.Text(Metadata);
}
