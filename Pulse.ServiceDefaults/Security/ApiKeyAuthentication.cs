using Microsoft.AspNetCore.Authentication;

namespace Pulse.ServiceDefaults.Security;

/// <summary>The <c>X-Api-Key</c> authentication every Pulse service's <c>/api/v1</c> routes use.</summary>
public static class ApiKeyAuthentication
{
    /// <summary>The scheme's default name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>The header that carries the key.</summary>
    public const string HeaderName = "X-Api-Key";

    /// <summary>
    /// Adds the <c>X-Api-Key</c> scheme: a request is authenticated when the header equals the key
    /// <paramref name="expectedKey"/> returns (compared in constant time); without it, or with a wrong one, the
    /// challenge is a <c>401</c> problem that never echoes a key.
    /// </summary>
    public static AuthenticationBuilder AddApiKey(
        this AuthenticationBuilder builder, Func<IServiceProvider, string> expectedKey, string scheme = SchemeName) =>
        builder.AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(
            scheme, options => options.ExpectedKey = expectedKey);
}
