using Pulse.ServiceDefaults;

namespace Pulse.AppHost.Tests;

/// <summary>
/// The whole graph (no dashboard) for the dependency-outage tests, which freeze and kill its resources one at a time.
/// The samples get known keys so the tests can call them. Each test leaves the graph healthy again.
/// </summary>
public sealed class OutageGraphFixture : IAsyncLifetime
{
    public const string ApiKey = "outage-test-pulse-key-3b9e2d7c41f6a058";
    public const string HaulKey = "outage-test-haul-key-6d21a9c4e07b5f3e";
    public const string PilotKey = "outage-test-pilot-key-0f8b3e6a2d914c75";

    private PulseGraph? _graph;

    internal PulseGraph Graph => _graph ?? throw new InvalidOperationException("The graph has not started.");

    public async ValueTask InitializeAsync()
    {
        _graph = await PulseGraph.StartAsync(new PulseGraphOptions
        {
            ApiKey = ApiKey,
            Environment = new Dictionary<string, Dictionary<string, string>>
            {
                [PulseResources.Haul] = new() { ["Haul__ApiKey"] = HaulKey },
                [PulseResources.Pilot] = new() { ["Pilot__ApiKey"] = PilotKey },
            },
        }, TestContext.Current.CancellationToken);
    }

    internal HttpClient Registry() => Graph.CreateHttpClient(PulseResources.Registry, ApiKey);

    internal HttpClient Haul() => Graph.CreateHttpClient(PulseResources.Haul, HaulKey);

    internal HttpClient Pilot() => Graph.CreateHttpClient(PulseResources.Pilot, PilotKey);

    public async ValueTask DisposeAsync()
    {
        if (_graph is not null)
        {
            await _graph.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class OutageGraphCollection : ICollectionFixture<OutageGraphFixture>
{
    public const string Name = "graph for dependency outages";
}
