extern alias apphost;

using Pulse.Hosting;
using Pulse.Hosting.Testing;
using Pulse.ServiceDefaults;

[assembly: AssemblyFixture(typeof(Pulse.Registry.Tests.GraphFixture))]

namespace Pulse.Registry.Tests;

/// <summary>
/// One graph for the whole test assembly: PostgreSQL, Redis and the registry as a real process (the samples held
/// back). Tests own their data through unique service names; in-process registries get databases of their own.
/// </summary>
public sealed class GraphFixture : IAsyncLifetime
{
    public const string ApiKey = "registry-test-key-7d0c9f2b4e614a8f";

    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The graph has not started.");

    public HttpClient Registry { get; private set; } = null!;

    public string PostgresConnectionString { get; private set; } = "";

    public string RedisConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<apphost::Program>(
            [$"--Parameters:{PulseResources.PulseApiKey}={ApiKey}"], ct);
        builder.HoldBack(PulseResources.Haul, PulseResources.Pilot, PulseResources.Prism);
        _app = builder.Build();
        await _app.StartAsync(ct);
        await _app.WaitForResourceHealthyAsync(PulseResources.Registry, ct);
        Registry = CreateClient(ApiKey);
        PostgresConnectionString = await _app.GetConnectionStringAsync(PulseResources.RegistryDatabase, ct)
            ?? throw new InvalidOperationException("registrydb has no connection string.");
        RedisConnectionString = await _app.GetConnectionStringAsync(PulseResources.Redis, ct)
            ?? throw new InvalidOperationException("redis has no connection string.");
    }

    /// <summary>A client of the registry process with the given key (or none).</summary>
    public HttpClient CreateClient(string? apiKey)
    {
        var client = App.CreateHttpClient(PulseResources.Registry);
        client.Timeout = TimeSpan.FromSeconds(60);
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Registry?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
