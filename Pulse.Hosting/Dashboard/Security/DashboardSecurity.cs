using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Pulse.Hosting.Dashboard.Security;

/// <summary>
/// The dashboard's gate (SPEC 7): a loopback <c>Host</c> only (DNS rebinding), the token as a cookie or a bearer
/// header on everything but the sign-in page and the stylesheet, strict browser headers; an API call without the
/// token is <c>401</c>, a page is redirected to <c>/login</c>.
/// </summary>
internal static class DashboardSecurity
{
    public static readonly string[] LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    public static IServiceCollection AddDashboardSecurity(this IServiceCollection services, DashboardToken token)
    {
        services.AddSingleton(token);
        services.AddHostFiltering(options =>
        {
            options.AllowedHosts = LoopbackHosts;
            options.AllowEmptyHosts = false;
            options.IncludeFailureMessage = false;
        });
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddAntiforgery(options =>
        {
            options.HeaderName = AntiforgeryFilter.HeaderName;
            options.Cookie.Name = "pulse-dashboard-antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
        });
        return services;
    }

    public static WebApplication UseDashboardSecurity(this WebApplication app)
    {
        var token = app.Services.GetRequiredService<DashboardToken>();
        app.UseHostFiltering();
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";

            var caller = Identify(context.Request, token);
            DashboardCallers.Set(context, caller);
            if (caller == DashboardCaller.Anonymous && !IsOpen(context.Request.Path))
            {
                if (context.Request.Path.StartsWithSegments("/api"))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    headers.WWWAuthenticate = "Bearer";
                }
                else
                {
                    context.Response.Redirect("/login");
                }

                return;
            }

            await next(context);
        });
        return app;
    }

    private static DashboardCaller Identify(HttpRequest request, DashboardToken token)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return token.Matches(authorization["Bearer ".Length..].Trim()) ? DashboardCaller.Bearer : DashboardCaller.Anonymous;
        }

        return token.MatchesSession(request.Cookies[DashboardToken.CookieName]) ? DashboardCaller.Cookie : DashboardCaller.Anonymous;
    }

    private static bool IsOpen(PathString path) =>
        path.StartsWithSegments("/login") || path == "/app.css" || path == "/favicon.svg";
}
