using Pulse.Hosting;
using Pulse.Hosting.Testing;

namespace Pulse.Dashboard.Tests;

/// <summary>The whole graph of Pulse.AppHost/Program.cs with known keys, started once for the dashboard's graph tests.</summary>
public sealed class DashboardGraphFixture : IAsyncLifetime
{
    public const string ApiKey = "test-pulse-api-key-dashboard-0123456789";
    public const string DashboardToken = "test-dashboard-token-graph-0123456789";
    public const string OtlpKey = "test-otlp-key-graph-0123456789abcdef";

    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The graph has not started.");

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>(
        [
            $"--Parameters:pulse-api-key={ApiKey}",
            $"--AppHost:DashboardToken={DashboardToken}",
            $"--AppHost:OtlpApiKey={OtlpKey}",
        ], ct);
        _app = builder.Build();
        await _app.StartAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardGraphCollection : ICollectionFixture<DashboardGraphFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "dashboard graph";
}
