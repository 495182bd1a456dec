namespace Pulse.Hosting.Tests.Dashboard;

/// <summary>A host with no resources but one secret parameter: the dashboard alone, on random ports.</summary>
internal static class EmptyGraph
{
    public const string Token = "test-dashboard-token-0123456789abcdef";
    public const string OtlpKey = "test-otlp-key-0123456789abcdef";
    public const string Secret = "test-secret-value-0123456789abcdef";

    public static async Task<DistributedApplication> StartAsync(CancellationToken cancellationToken)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "pulse-dashboard-test-" + Guid.NewGuid().ToString("N")[..12]);
        var builder = DistributedApplication.CreateBuilder(
        [
            $"--AppHost:DataDir={dataDir}",
            "--AppHost:RandomizePorts=true",
            "--AppHost:Quiet=true",
            "--AppHost:DeleteDataDirOnDispose=true",
            $"--AppHost:DashboardToken={Token}",
            $"--AppHost:OtlpApiKey={OtlpKey}",
            $"--Parameters:test-secret={Secret}",
        ]);
        builder.AddParameter("test-secret", secret: true);
        var app = builder.Build();
        await app.StartAsync(cancellationToken);
        return app;
    }
}

/// <summary>One empty host shared by the tests of a class.</summary>
public sealed class EmptyGraphFixture : IAsyncLifetime
{
    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync() => _app = await EmptyGraph.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
