using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Pulse.Hosting;
using Pulse.Hosting.Dashboard;
using Pulse.Hosting.Dashboard.Otlp;

namespace Pulse.Dashboard.Bench;

/// <summary>A host with no resources (the dashboard alone) plus a no-op endpoint on the same Kestrel setup, for the baseline.</summary>
internal sealed class BenchHost(DistributedApplication app, WebApplication noOp, int noOpPort) : IAsyncDisposable
{
    public const string Token = "bench-dashboard-token-0123456789abcdef";
    public const string OtlpKey = "bench-otlp-key-0123456789abcdef";

    public DistributedApplication App { get; } = app;

    public Uri OtlpUrl => new($"http://127.0.0.1:{App.Options.OtlpPort}/v1/traces");

    public Uri NoOpUrl => new($"http://127.0.0.1:{noOpPort}/v1/traces");

    public static async Task<BenchHost> StartAsync(CancellationToken cancellationToken)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "pulse-dashboard-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var builder = DistributedApplication.CreateBuilder(
        [
            $"--AppHost:DataDir={dataDir}", "--AppHost:RandomizePorts=true", "--AppHost:Quiet=true",
            "--AppHost:DeleteDataDirOnDispose=true", $"--AppHost:DashboardToken={Token}", $"--AppHost:OtlpApiKey={OtlpKey}",
        ]);
        var app = builder.Build();
        await app.StartAsync(cancellationToken);

        var port = Pulse.Hosting.Orchestration.PortAllocator.FreePort();
        var noOp = DashboardWebHost.CreateBuilder(port, OtlpBody.MaxBodySize).Build();
        noOp.MapPost("/v1/traces", async (HttpRequest request, CancellationToken ct) =>
        {
            await request.Body.CopyToAsync(Stream.Null, ct);
            return TypedResults.Bytes([], OtlpBody.ContentType);
        });
        await noOp.StartAsync(cancellationToken);
        return new BenchHost(app, noOp, port);
    }

    public async ValueTask DisposeAsync()
    {
        await noOp.StopAsync();
        await noOp.DisposeAsync();
        await App.DisposeAsync();
    }
}
