using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Pulse.ServiceDefaults.BadInput;

/// <summary>
/// Keys a validation problem's <c>errors</c> by the fields' JSON names. .NET 10's built-in validation keys them by the C#
/// property path (<c>ApiUrl</c>, <c>Items[0].Name</c>); a caller only knows the JSON names, so each property name of
/// the path goes through the service's JSON naming policy (<c>api_url</c>, <c>items[0].name</c>). Keys that are no
/// property path (a header's <c>Idempotency-Key</c>, a name already in snake_case) stay as they are.
/// </summary>
public static partial class JsonNamedValidationErrors
{
    /// <summary>Renames the keys of <paramref name="context"/>'s problem, if it is a validation problem.</summary>
    public static void Rename(ProblemDetailsContext context)
    {
        if (context.ProblemDetails is not HttpValidationProblemDetails { Errors.Count: > 0 } problem
            || context.HttpContext.RequestServices.GetService<IOptions<JsonOptions>>()?.Value.SerializerOptions.PropertyNamingPolicy is not { } policy)
        {
            return;
        }

        problem.Errors = Rename(problem.Errors, policy);
    }

    /// <summary><paramref name="errors"/> keyed by the JSON names that <paramref name="policy"/> makes of their property paths.</summary>
    public static Dictionary<string, string[]> Rename(IEnumerable<KeyValuePair<string, string[]>> errors, JsonNamingPolicy policy)
    {
        var renamed = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, messages) in errors)
        {
            var name = PropertyPath().IsMatch(key) ? Identifier().Replace(key, match => policy.ConvertName(match.Value)) : key;
            renamed[name] = renamed.TryGetValue(name, out var existing) ? [.. existing, .. messages] : messages;
        }

        return renamed;
    }

    [GeneratedRegex(@"^[A-Z][A-Za-z0-9]*(?:\[\d+\])*(?:\.[A-Z][A-Za-z0-9]*(?:\[\d+\])*)*$")]
    private static partial Regex PropertyPath();

    [GeneratedRegex("[A-Za-z][A-Za-z0-9]*")]
    private static partial Regex Identifier();
}
