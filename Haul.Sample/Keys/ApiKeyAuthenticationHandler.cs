using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Haul.Sample.Keys;

/// <summary>Authenticates a request that carries Haul's key in <c>X-Api-Key</c>; every <c>/api/v1</c> route requires it.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    HaulApiKey key,
    IProblemDetailsService problemDetails) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "HaulApiKey";
    public const string HeaderName = "X-Api-Key";

    private static readonly ClaimsPrincipal Caller =
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "api-key")], SchemeName));

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        return Task.FromResult(key.Matches(values.ToString())
            ? AuthenticateResult.Success(new AuthenticationTicket(Caller, SchemeName))
            : AuthenticateResult.Fail("Wrong API key."));
    }

    // A 401 is a problem like every other error (the challenge runs before the status-code-pages middleware could).
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Missing or wrong API key.",
                Detail = $"Send Haul's API key in the {HeaderName} header.",
            },
        });
    }
}
