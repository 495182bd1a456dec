using Haul.Sample.Tests;
using Pulse.ServiceDefaults;

namespace Pilot.Sample.Tests;

/// <summary>The whole graph, with known keys, shared by the consumer tests.</summary>
public sealed class StackFixture : PulseGraphFixture
{
    public const string PulseKey = "pilot-tests-pulse-key-0123456789";
    public const string PilotKey = "pilot-tests-pilot-key-0123456789";
    public const string PrismKey = "pilot-tests-prism-key-0123456789";

    private string? _haulKey;
    private string? _haulUrl;

    /// <summary>Haul's key: the one it generated and keeps in its data folder, until a test gives it another.</summary>
    public string HaulKey
    {
        get => _haulKey ?? File.ReadAllText(Path.Combine(Graph.DataDirOf(PulseResources.Haul), "api-key")).Trim();
        set => _haulKey = value;
    }

    /// <summary>The URL Haul registers: its public endpoint, until a test has it advertise another.</summary>
    public string HaulUrl
    {
        get => _haulUrl ?? Graph.Endpoint(PulseResources.Haul).ToString().TrimEnd('/');
        set => _haulUrl = value;
    }

    public HttpClient Consumer(string name) =>
        Graph.CreateHttpClient(name, name == PulseResources.Prism ? PrismKey : PilotKey);

    public HttpClient Haul() => Graph.CreateHttpClient(PulseResources.Haul, HaulKey);

    public HttpClient Registry() => Graph.CreateHttpClient(PulseResources.Registry, PulseKey);

    private protected override PulseGraphOptions Options => new()
    {
        ApiKey = PulseKey,
        Environment = new Dictionary<string, Dictionary<string, string>>
        {
            [PulseResources.Pilot] = new() { ["Pilot__ApiKey"] = PilotKey },
            // Haul fetches the tests' .torrent servers on 127.0.0.2, which its fetch policy refuses by default.
            [PulseResources.Haul] = new() { ["Haul__Fetch__AllowedNetworks__0"] = TorrentServer.AllowedNetwork },
            [PulseResources.Prism] = new() { ["Pilot__ApiKey"] = PrismKey },
        },
    };
}

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<StackFixture>
{
    public const string Name = "stack";
}
