using Pulse.ServiceDefaults;

namespace Haul.Sample.Tests;

/// <summary>
/// The AppHost's graph with Haul and its database only (the registry and the consumers held back), Haul with a known
/// key and a short fetch timeout. Shared by the API tests; each test owns its torrents (fresh info hashes).
/// The <see cref="TorrentServer"/> listens on 127.0.0.2, the one loopback address Haul's fetch policy is told to allow
/// (Linux routes all of 127.0.0.0/8 to <c>lo</c>), so every other loopback address, 127.0.0.1 first, stays refused.
/// </summary>
public sealed class HaulGraphFixture : PulseGraphFixture
{
    public const string HaulKey = "haul-test-key-00112233445566778899aabbccddeeff";

    public TorrentServer Torrents { get; } = new();

    public HttpClient CreateClient(string? key = HaulKey) => Graph.CreateHttpClient(PulseResources.Haul, key);

    protected override ValueTask OnStartingAsync(CancellationToken cancellationToken) => new(Torrents.StartAsync(cancellationToken));

    private protected override PulseGraphOptions Options => new()
    {
        ApiKey = RegistryClient.ApiKey,
        HoldBack = new HashSet<string> { PulseResources.Registry, PulseResources.Pilot, PulseResources.Prism },
        Environment = new Dictionary<string, Dictionary<string, string>>
        {
            [PulseResources.Haul] = new()
            {
                ["Haul__ApiKey"] = HaulKey,
                ["Haul__FetchTimeout"] = "00:00:02",
                ["Haul__TransferRate"] = "1000",
                ["Haul__Fetch__AllowedNetworks__0"] = TorrentServer.AllowedNetwork,
            },
        },
    };

    protected override ValueTask OnStoppedAsync() => Torrents.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class HaulGraphCollection : ICollectionFixture<HaulGraphFixture>
{
    public const string Name = "haul graph";
}
