using static Pulse.ServiceDefaults.PulseResources;

namespace Pulse.AppHost.Tests;

/// <summary>
/// The whole graph of Pulse.AppHost/Program.cs with the Aspire dashboard, started once for the tests that share it
/// (they run one after another: one of them stops Redis). The dashboard's ports are random, as every port of a test
/// graph is (Aspire.Hosting.Testing randomizes them), and its telemetry API takes a known key.
/// </summary>
public sealed class GraphFixture : PulseGraphFixture
{
    public const string ApiKey = "apphost-test-pulse-key-5e1f0c2a9b7d4c36";

    private const string DashboardApiKey = "apphost-test-dashboard-key-8c3e71d0a4f2";

    internal DashboardTelemetry Telemetry { get; private set; } = null!;

    /// <summary>A variable every project gets whose name is no shell identifier: it must reach them all the same.</summary>
    public const string OddlyNamedVariable = "Test__hyphenated-name.v1";

    private protected override PulseGraphOptions Options => new()
    {
        ApiKey = ApiKey,
        Dashboard = true,
        Args = [$"--AppHost:DashboardApiKey={DashboardApiKey}"],
        Environment = new[] { Registry, Haul, Pilot, Prism }.ToDictionary(
            project => project, _ => new Dictionary<string, string> { [OddlyNamedVariable] = "kept" }),
    };

    protected override ValueTask OnStartedAsync(CancellationToken cancellationToken)
    {
        Telemetry = new DashboardTelemetry(Graph.Endpoint(DashboardTelemetry.Resource), DashboardApiKey);
        return ValueTask.CompletedTask;
    }

    /// <summary>The key a sample generated for itself at first start (the graph does not set one).</summary>
    public async Task<string> GeneratedKeyAsync(string resource, CancellationToken cancellationToken) =>
        (await File.ReadAllTextAsync(Path.Combine(Graph.DataDirOf(resource), "api-key"), cancellationToken)).Trim();

    protected override ValueTask OnStoppedAsync()
    {
        Telemetry?.Dispose();
        return ValueTask.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class GraphCollection : ICollectionFixture<GraphFixture>
{
    public const string Name = "graph with dashboard";
}
