using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Pulse.ServiceDefaults.BadInput;

/// <summary>
/// Checks a value against its data annotations inside a handler, the rules .NET 10's built-in validation
/// (<c>AddValidation</c>) checks on a validated endpoint parameter, with the same <c>errors</c> keys: for a body whose
/// rules the handler can only choose once it has looked something up (the stored entry a <c>PUT</c> changes), for a
/// form that answers a page rather than a problem, and for a body that arrives by another path than HTTP (a relayed
/// message). The built-in validation's own entry points for this are still experimental (ASP0029), so this goes
/// through <see cref="Validator"/>, which reads the same attributes.
/// </summary>
public static class BodyValidation
{
    /// <summary>
    /// The validation errors of <paramref name="value"/>, keyed by JSON field name (the service's JSON naming policy);
    /// empty when it is valid.
    /// </summary>
    public static Dictionary<string, string[]> Errors(object value, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(value);
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(value, new ValidationContext(value, services, null), results, validateAllProperties: true))
        {
            return [];
        }

        var policy = services.GetService<IOptions<JsonOptions>>()?.Value.SerializerOptions.PropertyNamingPolicy ?? JsonNamingPolicy.SnakeCaseLower;
        var errors = results
            .SelectMany(result => result.MemberNames.Select(member => (Member: member, Message: result.ErrorMessage ?? "The field is invalid.")))
            .GroupBy(error => error.Member, StringComparer.Ordinal)
            .Select(group => KeyValuePair.Create(group.Key, group.Select(error => error.Message).ToArray()));
        return JsonNamedValidationErrors.Rename(errors, policy);
    }

    /// <summary>The errors as one line of text, each field's name before its messages (<c>title: ... uri: ...</c>).</summary>
    public static string Describe(IReadOnlyDictionary<string, string[]> errors) =>
        string.Join(" ", errors.Select(error => $"{error.Key}: {string.Join(" ", error.Value)}"));
}
