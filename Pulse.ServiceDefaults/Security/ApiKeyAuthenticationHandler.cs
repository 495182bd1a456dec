using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Pulse.ServiceDefaults.Security;

/// <summary>
/// Authenticates the <c>X-Api-Key</c> header against the service's key (see <see cref="ApiKeyCheck"/>). A missing or
/// wrong key is a <c>401</c> problem.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder)
    : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (ApiKeyCheck.Presented(Request) is not { } key)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // The handler is created per request; the options instance lives as long as the scheme.
        var check = Options.Check ??= new ApiKeyCheck(Options.ExpectedKey?.Invoke(Context.RequestServices)
            ?? throw new InvalidOperationException($"The {Scheme.Name} scheme has no expected key."));

        return Task.FromResult(check.Matches(key)
            ? AuthenticateResult.Success(new AuthenticationTicket(
                new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "api-key")], Scheme.Name)), Scheme.Name))
            : AuthenticateResult.Fail("The API key is not valid."));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => ApiKeyCheck.ChallengeAsync(Context);
}
