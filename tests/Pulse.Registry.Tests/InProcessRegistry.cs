using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pulse.Client;

namespace Pulse.Registry.Tests;

/// <summary>
/// The registry built in-process against a database of its own on the graph's PostgreSQL (and the graph's Redis,
/// on a stream of its own), with an injectable <see cref="TimeProvider"/>: for timing tests with FakeTimeProvider,
/// and for tests that need an index no other test moves.
/// </summary>
internal sealed class InProcessRegistry(
    string databaseConnectionString,
    string redisConnectionString,
    TimeProvider time,
    IReadOnlyDictionary<string, string> settings,
    Action<IServiceCollection>? configureServices = null)
    : WebApplicationFactory<RegistryOptions>
{
    public string DatabaseConnectionString => databaseConnectionString;

    public string EventStream { get; } = settings.GetValueOrDefault("Registry:EventStream") ?? $"pulse:test:{Guid.NewGuid():N}";

    /// <summary>Creates a fresh database and starts a registry on it.</summary>
    public static async Task<InProcessRegistry> StartAsync(
        GraphFixture graph,
        TimeProvider time,
        CancellationToken ct,
        IReadOnlyDictionary<string, string>? settings = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var database = $"regtest_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(graph.PostgresConnectionString))
        {
            await admin.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin);
            await create.ExecuteNonQueryAsync(ct);
        }

        var connectionString = new NpgsqlConnectionStringBuilder(graph.PostgresConnectionString) { Database = database }.ConnectionString;
        return Start(connectionString, graph.RedisConnectionString, time, settings ?? new Dictionary<string, string>(), configureServices);
    }

    /// <summary>Starts another registry on the same database (a restart, or a second instance).</summary>
    public InProcessRegistry StartAnother(
        TimeProvider time, IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? configureServices = null) =>
        Start(databaseConnectionString, redisConnectionString, time,
            new Dictionary<string, string>(settings ?? new Dictionary<string, string>()) { ["Registry:EventStream"] = EventStream },
            configureServices);

    /// <summary>A client that sends <paramref name="apiKey"/> (by default the operator's key).</summary>
    public HttpClient CreateKeyedClient(string apiKey = GraphFixture.ApiKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(PulseHeaders.ApiKey, apiKey);
        return client;
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:registrydb", databaseConnectionString);
        builder.UseSetting("ConnectionStrings:redis", redisConnectionString);
        builder.UseSetting("Pulse:ApiKey", GraphFixture.ApiKey);
        builder.UseSetting("Registry:EventStream", EventStream);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(time);
            configureServices?.Invoke(services);
        });
    }

    private static InProcessRegistry Start(
        string database, string redis, TimeProvider time, IReadOnlyDictionary<string, string> settings,
        Action<IServiceCollection>? configureServices = null)
    {
        var registry = new InProcessRegistry(database, redis, time, settings, configureServices);
        _ = registry.Server; // starts it: migrations, lease grace, known ids
        return registry;
    }
}
