using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Hosting.Dashboard.Telemetry;
using Pulse.Hosting.Orchestration;

namespace Pulse.Hosting.Dashboard.Otlp;

/// <summary>The OTLP/HTTP receiver on its own loopback port (18890 by default), feeding the dashboard's stores.</summary>
internal static class OtlpReceiver
{
    public static WebApplication Build(int port, string apiKey, TelemetryStores stores, SecretScrubber scrubber, IHostOutput output)
    {
        var builder = DashboardWebHost.CreateBuilder(port, OtlpBody.MaxBodySize, output);
        builder.Services.AddSingleton(stores);
        builder.Services.AddSingleton(scrubber);
        builder.Services.AddProblemDetails();
        var app = builder.Build();
        app.MapOtlpApi(apiKey);
        return app;
    }
}
