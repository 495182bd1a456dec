using System.Text.Json;
using Pulse.Registry.Api;

namespace Pulse.Registry.Services;

/// <summary>The body of <c>POST /api/v1/services/register</c>, validated field by field.</summary>
internal sealed record RegisterServiceRequest(
    string Name,
    string Type,
    string? ApiUrl,
    string? HealthUrl,
    string? ApiKey,
    string? Version,
    string[]? Capabilities,
    string? Metadata,
    string? DeliveryMode,
    string? Id)
{
    public const int MetadataMaxLength = 16 * 1024;

    public static RegisterServiceRequest? Parse(JsonElement body, out Dictionary<string, string[]> errors)
    {
        var fields = new JsonFields(body);
        var name = fields.String("name", 200, required: true);
        var type = fields.String("type", 50, required: true);
        var deliveryMode = fields.OneOf("delivery_mode", DeliveryModes.Push, DeliveryModes.Poll) ?? DeliveryModes.Push;
        var apiUrl = fields.AbsoluteHttpUrl("api_url", required: deliveryMode != DeliveryModes.Poll);
        var healthUrl = fields.AbsoluteHttpUrl("health_url");
        var apiKey = fields.String("api_key", 256);
        var version = fields.String("version", 64);
        var capabilities = fields.StringArray("capabilities", 64, 100);
        var metadata = fields.JsonObjectString("metadata", MetadataMaxLength);
        var id = fields.Guid("id");
        errors = fields.Errors;
        return fields.IsValid
            ? new RegisterServiceRequest(name!, type!, apiUrl, healthUrl, apiKey, version, capabilities ?? [], metadata,
                deliveryMode, id?.ToString())
            : null;
    }
}
