namespace Pulse.Registry.Api;

/// <summary>The registry's own key (<c>Pulse:ApiKey</c>), required on every <c>/api/v1</c> route.</summary>
internal sealed class ApiKeyOptions
{
    public const string Section = "Pulse";

    [Required(ErrorMessage = "Pulse:ApiKey must be set: it is the key every /api/v1 request must carry in X-Api-Key.")]
    public string ApiKey { get; set; } = "";
}
