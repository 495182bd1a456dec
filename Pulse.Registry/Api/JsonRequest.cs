using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Json;
using Pulse.ServiceDefaults.BadInput;

namespace Pulse.Registry.Api;

/// <summary>
/// Reads and validates a JSON body inside a handler, with the same rules and problems as a bound body parameter. For the
/// routes that must answer before they read the body, which binding cannot do: a <c>PUT</c> of a download client
/// (<c>404</c> for an unknown entry, and the entry decides which fields the body may set) and a relay message
/// (<c>404</c> for an id that is no UUID).
/// </summary>
internal static class JsonRequest
{
    /// <summary>
    /// The body, or the validation errors keyed by JSON name. Malformed JSON, a field of the wrong type, unstorable text,
    /// a body that is not JSON or is too large throw the <see cref="BadHttpRequestException"/> that binding throws.
    /// </summary>
    public static async Task<(T? Value, Dictionary<string, string[]>? Errors)> ReadAsync<T>(
        HttpRequest request, CancellationToken cancellationToken) where T : class
    {
        // The options binding uses (the registry's JSON context, strict numbers, the storable-text rule), not the context's own.
        var json = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        if (!request.HasJsonContentType())
        {
            throw new BadHttpRequestException("The request body must be JSON.", StatusCodes.Status415UnsupportedMediaType);
        }

        T? value;
        try
        {
            value = await request.ReadFromJsonAsync((JsonTypeInfo<T>)json.GetTypeInfo(typeof(T)), cancellationToken);
        }
        catch (JsonException exception)
        {
            throw new BadHttpRequestException("The request body is not valid JSON of the expected shape.", exception);
        }

        if (value is null)
        {
            throw new BadHttpRequestException("The request body must be a JSON object.");
        }

        var errors = BodyValidation.Errors(value, request.HttpContext.RequestServices);
        return errors.Count == 0 ? (value, null) : (null, errors);
    }
}
