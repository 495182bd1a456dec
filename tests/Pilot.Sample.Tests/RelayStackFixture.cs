using System.Net.Http.Json;
using System.Text.Json;
using Haul.Sample.Tests;
using Pulse.ServiceDefaults;

namespace Pilot.Sample.Tests;

/// <summary>
/// The graph with Haul in poll mode (the AppHost's <c>AppHost:HaulDeliveryMode=poll</c> switch), a 2 s relay lease and a
/// 0.5 s sweep; prism held back.
/// </summary>
public sealed class RelayStackFixture : PulseGraphFixture
{
    public const string PulseKey = "relay-tests-pulse-key-0123456789";
    public const string PilotKey = "relay-tests-pilot-key-0123456789";

    public string HaulKey => File.ReadAllText(Path.Combine(Graph.DataDirOf(PulseResources.Haul), "api-key")).Trim();

    public HttpClient Pilot() => Graph.CreateHttpClient(PulseResources.Pilot, PilotKey);

    public HttpClient Haul() => Graph.CreateHttpClient(PulseResources.Haul, HaulKey);

    public HttpClient Registry() => Graph.CreateHttpClient(PulseResources.Registry, PulseKey);

    /// <summary>The registry's id of a service by name.</summary>
    public async Task<string> ServiceIdAsync(string name, CancellationToken ct)
    {
        using var registry = Registry();
        var services = await Eventually.ReturnsAsync(
            async () => (await registry.GetFromJsonAsync<JsonElement[]>("/api/v1/services", ct))!,
            list => list.Any(s => s.GetProperty("name").GetString() == name), ct);
        return services.First(s => s.GetProperty("name").GetString() == name).GetProperty("id").GetString()!;
    }

    private protected override PulseGraphOptions Options => new()
    {
        ApiKey = PulseKey,
        Args = ["--AppHost:HaulDeliveryMode=poll"],
        HoldBack = new HashSet<string> { PulseResources.Prism },
        Environment = new Dictionary<string, Dictionary<string, string>>
        {
            [PulseResources.Pilot] = new() { ["Pilot__ApiKey"] = PilotKey },
            // Haul fetches the tests' .torrent servers on 127.0.0.2, which its fetch policy refuses by default.
            [PulseResources.Haul] = new() { ["Haul__Fetch__AllowedNetworks__0"] = TorrentServer.AllowedNetwork },

            // Short leases and sweeps, so a claimer that dies loses its message within seconds.
            [PulseResources.Registry] = new()
            {
                ["Relay__LeaseDuration"] = "00:00:02",
                ["Registry__SweepInterval"] = "00:00:00.500",
            },
        },
    };
}

[CollectionDefinition(Name)]
public sealed class RelayStackCollection : ICollectionFixture<RelayStackFixture>
{
    public const string Name = "relay-stack";
}
