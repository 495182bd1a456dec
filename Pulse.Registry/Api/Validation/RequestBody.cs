namespace Pulse.Registry.Api.Validation;

/// <summary>
/// A JSON request body. Fields the registry does not know are ignored, but kept as extension data so that their text is
/// held to the storable-text rule like every other string of the body. Request bodies are public because .NET 10's
/// validation generator discovers public types only.
/// </summary>
public abstract record RequestBody
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}
