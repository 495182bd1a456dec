using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Pulse.ServiceDefaults.BadInput;

/// <summary>
/// Answers a request that minimal-API binding could not read (<see cref="BadHttpRequestException"/>: malformed JSON, a
/// value of the wrong type, text that breaks the <see cref="StorableText"/> rule, a query parameter that does not
/// parse, a body of the wrong media type or over the size limit) with its <c>4xx</c> problem, in every environment:
/// an <c>errors</c> map keyed by the snake_case field (or parameter) name when there is one. The problem never echoes
/// the value.
/// </summary>
public sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest || httpContext.Response.HasStarted)
        {
            return false;
        }

        var status = badRequest.StatusCode;
        var (field, message) = Describe(badRequest);
        httpContext.Response.StatusCode = status;
        var problem = field is null
            ? new Microsoft.AspNetCore.Mvc.ProblemDetails()
            : new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] });
        problem.Status = status;
        problem.Title = status switch
        {
            StatusCodes.Status413PayloadTooLarge => "Request body too large",
            StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
            _ => "Invalid request",
        };
        problem.Detail = field is null ? message : "One or more fields are invalid.";
        await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
        return true;
    }

    private static (string? Field, string Message) Describe(BadHttpRequestException exception)
    {
        if (FindJsonException(exception) is { } json)
        {
            if (json is UnstorableTextException unstorable)
            {
                return (unstorable.Field, unstorable.Message);
            }

            // A syntax error (the reader's own exception inside) is the body's fault, not a field's, wherever it stops.
            var field = json.InnerException is JsonException ? null : TopLevelField(json.Path);
            return (field, field is null
                ? "The request body is not a valid JSON object of the expected shape."
                : "The value is not of this field's type, or not valid JSON text (a lone surrogate, say).");
        }

        return exception.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => (null, "The request body is larger than this route accepts."),
            StatusCodes.Status415UnsupportedMediaType => (null, "The request body must be JSON (Content-Type: application/json)."),
            _ when NamedParameter(exception.Message) is { } name => (name, "The value is missing or does not parse as this parameter's type."),
            _ => (null, "The request could not be read: a required value is missing or malformed."),
        };
    }

    private static JsonException? FindJsonException(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is JsonException json)
            {
                return json;
            }
        }

        return null;
    }

    // "$.priority", "$.tags[0]", "$['save path']" -> the top-level field; "$" (the body itself) -> none.
    private static string? TopLevelField(string? path)
    {
        if (path is null)
        {
            return null;
        }

        var match = JsonPathHead().Match(path);
        return match.Success ? match.Groups["dotted"].Success ? match.Groups["dotted"].Value : match.Groups["quoted"].Value : null;
    }

    // Binding names a query, route, header or form parameter as "type name"; a JSON body parameter is named by its
    // JSON path instead, and its C# name means nothing to a caller.
    private static string? NamedParameter(string message)
    {
        if (message.Contains("body", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var match = ParameterName().Match(message);
        return match.Success ? System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(match.Groups["name"].Value) : null;
    }

    [GeneratedRegex(@"^\$(?:\.(?<dotted>[^.\[]+)|\['(?<quoted>(?:[^']|'')+)'\])")]
    private static partial Regex JsonPathHead();

    [GeneratedRegex("""parameter "(?:[^"]* )?(?<name>[A-Za-z_][A-Za-z0-9_]*)"[^"]*(?:from "|was not provided)""")]
    private static partial Regex ParameterName();
}
