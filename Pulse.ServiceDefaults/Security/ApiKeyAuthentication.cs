using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Pulse.ServiceDefaults.Security;

/// <summary>The <c>X-Api-Key</c> check every Pulse service's <c>/api/v1</c> routes use.</summary>
public static class ApiKeyAuthentication
{
    /// <summary>The scheme's default name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>
    /// Adds the <c>X-Api-Key</c> authentication scheme, for an API that also accepts other credentials (a sign-in
    /// cookie): a request is authenticated when the header equals the key <paramref name="expectedKey"/> returns
    /// (compared in constant time); without it, or with a wrong one, the challenge is a <c>401</c> problem that never
    /// echoes a key.
    /// </summary>
    public static AuthenticationBuilder AddApiKey(
        this AuthenticationBuilder builder, Func<IServiceProvider, string> expectedKey, string scheme = SchemeName) =>
        builder.AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(
            scheme, options => options.ExpectedKey = expectedKey);

    /// <summary>The key a request presents: its one non-empty <c>X-Api-Key</c> header, else <see langword="null"/>.</summary>
    public static string? PresentedKey(HttpRequest request) => ApiKeyCheck.Presented(request);

    /// <summary>
    /// Answers a request whose key is missing or unknown: the <c>401</c> problem, which never echoes a key. Every
    /// Pulse service refuses a key through this one method, so every refusal is answered (and counted) alike.
    /// </summary>
    public static Task ChallengeAsync(HttpContext context) => ApiKeyCheck.ChallengeAsync(context);

    /// <summary>
    /// Requires <c>X-Api-Key</c> equal to the key <paramref name="expectedKey"/> returns (compared in constant time)
    /// on every endpoint <paramref name="builder"/> configures, for an API that accepts nothing but the key. The check
    /// wraps each endpoint's request delegate, so it runs before the endpoint reads its body and cannot be left out by
    /// a missing middleware; a missing or wrong key is a <c>401</c> problem that never echoes a key. It skips
    /// ASP.NET Core's authentication and authorization middleware, which cost about as much CPU as the rest of a small
    /// request's pipeline.
    /// </summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder, Func<IServiceProvider, string> expectedKey)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            var check = new ApiKeyCheck(expectedKey(endpoint.ApplicationServices));
            var next = endpoint.RequestDelegate
                ?? throw new InvalidOperationException($"{endpoint.DisplayName} has no request delegate to protect.");
            endpoint.RequestDelegate = context => check.Accepts(context.Request) ? next(context) : ApiKeyCheck.ChallengeAsync(context);
        });
        return builder;
    }
}
