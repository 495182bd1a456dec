using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Hosting.Dashboard.Api;
using Pulse.Hosting.Dashboard.Security;
using Pulse.Hosting.Dashboard.Telemetry;
using Pulse.Hosting.Dashboard.Ui;
using Pulse.Hosting.Orchestration;

namespace Pulse.Hosting.Dashboard;

/// <summary>The dashboard's UI and JSON API on their loopback port (18888 by default), behind its token.</summary>
internal static class DashboardWebApp
{
    public static WebApplication Build(
        int port, DashboardToken token, TelemetryStores stores, ResourceCatalog catalog, ResourceCommands commands, IHostOutput output)
    {
        var builder = DashboardWebHost.CreateBuilder(port, maxRequestBodySize: 64 * 1024, output);
        var services = builder.Services;
        services.AddSingleton(stores);
        services.AddSingleton(catalog);
        services.AddSingleton(commands);
        services.AddSingleton<UiAssets>();
        services.AddDashboardSecurity(token);
        services.AddProblemDetails();
        services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, DashboardJsonContext.Default);
        });

        var app = builder.Build();
        app.UseDashboardSecurity();
        app.UseStatusCodePages();
        app.MapLogin();
        app.MapDashboardUi();
        app.MapResourcesApi();
        app.MapTelemetryApi();
        return app;
    }
}
