using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Pulse.ServiceDefaults.BadInput;

namespace Pulse.Registry.Api;

/// <summary>
/// Reads a JSON request body under the 1 MiB cap. The registry parses bodies itself, rather than through
/// model binding, so that every error, a type error included, is a problem keyed by the snake_case field name.
/// </summary>
internal static class JsonBody
{
    public const int MaxBytes = 1024 * 1024;

    public static Task<(JsonDocument? Document, ProblemHttpResult? Problem)> ReadObjectAsync(
        HttpRequest request, CancellationToken cancellationToken) =>
        ReadObjectAsync(request, MaxBytes, cancellationToken);

    /// <summary>Reads a JSON object of at most <paramref name="maxBytes"/> (the relay's message route allows 16 MiB).</summary>
    public static async Task<(JsonDocument? Document, ProblemHttpResult? Problem)> ReadObjectAsync(
        HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (!IsJson(request.ContentType))
        {
            return (null, Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "The request body must be JSON (Content-Type: application/json)."));
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        var buffer = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (true)
            {
                var read = await request.Body.ReadAsync(buffer.GetMemory(16 * 1024), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > maxBytes)
                {
                    return (null, TooLarge(maxBytes));
                }
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(maxBytes));
        }

        try
        {
            var document = JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = 64 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                return (null, Problems.Create(StatusCodes.Status400BadRequest, "Invalid request body",
                    "The request body must be a JSON object."));
            }

            // Every string of the body, at any depth, is held to the one text rule before a field is read.
            if (StorableText.TryFindProblem(document.RootElement, out var field, out var unstorable))
            {
                document.Dispose();
                return (null, field is null
                    ? Problems.Create(StatusCodes.Status400BadRequest, "Invalid request body", unstorable!)
                    : Problems.InvalidField(field, unstorable!));
            }

            return (document, null);
        }
        catch (JsonException)
        {
            return (null, Problems.Create(StatusCodes.Status400BadRequest, "Invalid request body",
                "The request body is not valid JSON."));
        }
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && (mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    private static ProblemHttpResult TooLarge(int maxBytes) =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "Request body too large",
            $"The request body must not exceed {maxBytes} bytes.");
}
