extern alias apphost;

using Pulse.Hosting;
using Pulse.Hosting.Testing;
using Pulse.ServiceDefaults;

namespace Haul.Sample.Tests;

/// <summary>
/// The AppHost's graph with Haul and its database only (the registry and the consumers held back), Haul with a known
/// key and a short fetch timeout. Shared by the API tests; each test owns its torrents (fresh info hashes).
/// </summary>
public sealed class HaulGraphFixture : IAsyncLifetime
{
    public const string HaulKey = "haul-test-key-00112233445566778899aabbccddeeff";

    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The graph has not started.");

    public TorrentServer Torrents { get; } = new();

    public HttpClient CreateClient(string? key = HaulKey)
    {
        var client = App.CreateHttpClient(PulseResources.Haul);
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await Torrents.StartAsync(ct);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<apphost::Program>(["--Parameters:pulse-api-key=test-registry-key"], ct);
        builder.HoldBack(PulseResources.Registry, PulseResources.Pilot, PulseResources.Prism);
        builder.WithEnvironment(PulseResources.Haul, "Haul__ApiKey", HaulKey);
        builder.WithEnvironment(PulseResources.Haul, "Haul__FetchTimeout", "00:00:02");
        builder.WithEnvironment(PulseResources.Haul, "Haul__TransferRate", "1000");
        _app = builder.Build();
        await _app.StartAsync(ct);
        await _app.WaitForResourceHealthyAsync(PulseResources.Haul, ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await Torrents.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class HaulGraphCollection : ICollectionFixture<HaulGraphFixture>
{
    public const string Name = "haul graph";
}
