using Pulse.Hosting;
using Pulse.Hosting.Testing;
using Pulse.ServiceDefaults;

namespace Pilot.Sample.Tests;

/// <summary>The whole graph, with known keys and short intervals, shared by the consumer tests.</summary>
public sealed class StackFixture : IAsyncLifetime
{
    public const string PulseKey = "pilot-tests-pulse-key-0123456789";
    public const string PilotKey = "pilot-tests-pilot-key-0123456789";
    public const string PrismKey = "pilot-tests-prism-key-0123456789";

    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The graph has not started.");

    private string? _haulKey;

    /// <summary>Haul's key: the one it generated and keeps in its data folder, until a test gives it another.</summary>
    public string HaulKey
    {
        get => _haulKey ?? File.ReadAllText(Path.Combine(App.Options.DataDir, PulseResources.Haul, "api-key")).Trim();
        set => _haulKey = value;
    }

    public HttpClient Consumer(string name)
    {
        var client = App.CreateHttpClient(name);
        client.DefaultRequestHeaders.Add("X-Api-Key", name == PulseResources.Prism ? PrismKey : PilotKey);
        return client;
    }

    public HttpClient Haul()
    {
        var client = App.CreateHttpClient(PulseResources.Haul);
        client.DefaultRequestHeaders.Add("X-Api-Key", HaulKey);
        return client;
    }

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>([$"--Parameters:pulse-api-key={PulseKey}"], ct);
        builder.WithEnvironment(PulseResources.Pilot, "Pilot__ApiKey", PilotKey);
        builder.WithEnvironment(PulseResources.Prism, "Pilot__ApiKey", PrismKey);
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
public sealed class StackCollection : ICollectionFixture<StackFixture>
{
    public const string Name = "stack";
}
