using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Pulse.ServiceDefaults.BadInput;

/// <summary>
/// Bad input is a <c>4xx</c> problem in every environment, Development included, never a <c>500</c>: binding failures
/// are answered by the exception handlers rather than thrown past them, and every request's text is held to the
/// <see cref="StorableText"/> rule.
/// </summary>
public static class BadInputExtensions
{
    /// <summary>
    /// Maps binding and antiforgery failures to <c>4xx</c> problems naming the field, makes minimal APIs report them
    /// the same way in every environment (<see cref="RouteHandlerOptions.ThrowOnBadRequest"/>, so the handler sees the
    /// field), keys the built-in validation's errors by the JSON field names (<see cref="JsonNamedValidationErrors"/>),
    /// and reads every string of a bound JSON body under the <see cref="StorableText"/> rule.
    /// </summary>
    public static IServiceCollection AddBadInputProblems(this IServiceCollection services)
    {
        services.AddExceptionHandler<AntiforgeryExceptionHandler>();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        services.Configure<ProblemDetailsOptions>(problems => problems.CustomizeProblemDetails += JsonNamedValidationErrors.Rename);

        // After every service has put its own JSON context in the chain.
        services.PostConfigure<JsonOptions>(json => json.SerializerOptions.TypeInfoResolver =
            (json.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(StorableTextContract.Modify));
        return services;
    }

    /// <summary>
    /// Answers a request whose query string or form break the <see cref="StorableText"/> rule with a
    /// <c>400</c> problem naming the parameter. Use it after routing and authentication, before antiforgery (which
    /// reads the form too) and the endpoints.
    /// </summary>
    public static IApplicationBuilder UseStorableText(this IApplicationBuilder app) => app.UseMiddleware<StorableTextMiddleware>();
}
