using System.Net.Http.Json;
using System.Text.Json;
using Pulse.Hosting;
using Pulse.Hosting.Testing;
using Pulse.ServiceDefaults;

namespace Pilot.Sample.Tests;

/// <summary>
/// The graph with Haul in poll mode (the AppHost's <c>AppHost:HaulDeliveryMode=poll</c> switch), a 2 s relay lease and a
/// 0.5 s sweep; prism held back.
/// </summary>
public sealed class RelayStackFixture : IAsyncLifetime
{
    public const string PulseKey = "relay-tests-pulse-key-0123456789";
    public const string PilotKey = "relay-tests-pilot-key-0123456789";

    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The graph has not started.");

    public string HaulKey => File.ReadAllText(Path.Combine(App.Options.DataDir, PulseResources.Haul, "api-key")).Trim();

    public HttpClient Pilot()
    {
        var client = App.CreateHttpClient(PulseResources.Pilot);
        client.DefaultRequestHeaders.Add("X-Api-Key", PilotKey);
        return client;
    }

    public HttpClient Haul()
    {
        var client = App.CreateHttpClient(PulseResources.Haul);
        client.DefaultRequestHeaders.Add("X-Api-Key", HaulKey);
        return client;
    }

    public HttpClient Registry()
    {
        var client = App.CreateHttpClient(PulseResources.Registry);
        client.DefaultRequestHeaders.Add("X-Api-Key", PulseKey);
        return client;
    }

    /// <summary>The registry's id of a service by name.</summary>
    public async Task<string> ServiceIdAsync(string name, CancellationToken ct)
    {
        using var registry = Registry();
        var services = await Eventually.ReturnsAsync(
            async () => (await registry.GetFromJsonAsync<JsonElement[]>("/api/v1/services", ct))!,
            list => list.Any(s => s.GetProperty("name").GetString() == name), ct);
        return services.First(s => s.GetProperty("name").GetString() == name).GetProperty("id").GetString()!;
    }

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>(
            [$"--Parameters:pulse-api-key={PulseKey}", "--AppHost:HaulDeliveryMode=poll"], ct);
        builder.WithEnvironment(PulseResources.Pilot, "Pilot__ApiKey", PilotKey);
        builder.HoldBack(PulseResources.Prism);

        // Short leases and sweeps, so a claimer that dies loses its message within seconds.
        builder.WithEnvironment(PulseResources.Registry, "Relay__LeaseDuration", "00:00:02");
        builder.WithEnvironment(PulseResources.Registry, "Registry__SweepInterval", "00:00:00.500");
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
public sealed class RelayStackCollection : ICollectionFixture<RelayStackFixture>
{
    public const string Name = "relay-stack";
}
