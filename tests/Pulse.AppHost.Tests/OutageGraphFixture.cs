using Pulse.ServiceDefaults;

namespace Pulse.AppHost.Tests;

/// <summary>
/// The whole graph (no dashboard) for the dependency-outage tests, which freeze and kill its resources one at a time.
/// The samples get known keys so the tests can call them. Each test leaves the graph healthy again.
/// </summary>
public sealed class OutageGraphFixture : PulseGraphFixture
{
    public const string ApiKey = "outage-test-pulse-key-3b9e2d7c41f6a058";
    public const string HaulKey = "outage-test-haul-key-6d21a9c4e07b5f3e";
    public const string PilotKey = "outage-test-pilot-key-0f8b3e6a2d914c75";

    private protected override PulseGraphOptions Options => new()
    {
        ApiKey = ApiKey,
        Environment = new Dictionary<string, Dictionary<string, string>>
        {
            [PulseResources.Haul] = new() { ["Haul__ApiKey"] = HaulKey },
            [PulseResources.Pilot] = new() { ["Pilot__ApiKey"] = PilotKey },
        },
    };

    internal HttpClient Registry() => Graph.CreateHttpClient(PulseResources.Registry, ApiKey);

    internal HttpClient Haul() => Graph.CreateHttpClient(PulseResources.Haul, HaulKey);

    internal HttpClient Pilot() => Graph.CreateHttpClient(PulseResources.Pilot, PilotKey);
}

[CollectionDefinition(Name)]
public sealed class OutageGraphCollection : ICollectionFixture<OutageGraphFixture>
{
    public const string Name = "graph for dependency outages";
}
