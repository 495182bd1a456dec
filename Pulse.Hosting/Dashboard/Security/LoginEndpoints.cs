using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Pulse.Hosting.Dashboard.Ui;

namespace Pulse.Hosting.Dashboard.Security;

/// <summary>
/// <c>GET /login?t=&lt;token&gt;</c>, the link the host prints: sets the sign-in cookie and goes to the dashboard,
/// so the token leaves the address bar. Without a token (or with a wrong one) it shows a page to paste it into.
/// </summary>
internal static class LoginEndpoints
{
    public static IEndpointRouteBuilder MapLogin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/login", Login).WithName("DashboardLogin").WithSummary("Signs in with the dashboard's token.");
        return endpoints;
    }

    private static Results<RedirectHttpResult, FileContentHttpResult> Login(string? t, HttpContext context, DashboardToken token, UiAssets assets)
    {
        if (token.Matches(t))
        {
            context.Response.Cookies.Append(DashboardToken.CookieName, token.SessionValue, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Path = "/",
                IsEssential = true,
            });
            return TypedResults.Redirect("/");
        }

        if (t is null && DashboardCallers.Of(context) != DashboardCaller.Anonymous)
        {
            return TypedResults.Redirect("/");
        }

        if (t is not null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        }

        return assets.File("login.html");
    }
}
