using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Pulse.Hosting.Dashboard.Ui;

/// <summary>The single page of the dashboard (views are switched in the browser) and its assets.</summary>
internal static class UiEndpoints
{
    public static IEndpointRouteBuilder MapDashboardUi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", Page("index.html")).WithName("DashboardPage").WithSummary("The dashboard.");
        endpoints.MapGet("/app.js", Page("app.js")).WithName("DashboardScript").WithSummary("The dashboard's script.");
        endpoints.MapGet("/app.css", Page("app.css")).WithName("DashboardStyles").WithSummary("The dashboard's styles.");
        endpoints.MapGet("/favicon.svg", Page("favicon.svg")).WithName("DashboardIcon").WithSummary("The dashboard's icon.");
        return endpoints;
    }

    private static Func<HttpContext, UiAssets, FileContentHttpResult> Page(string name) => (context, assets) =>
    {
        context.Response.Headers.CacheControl = "no-cache";
        return assets.File(name);
    };
}
