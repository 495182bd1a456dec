extern alias apphost;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Pulse.Hosting;
using Pulse.Hosting.Testing;
using Pulse.ServiceDefaults;
using StackExchange.Redis;

namespace Haul.Sample.Tests;

/// <summary>
/// Haul against the real registry (one graph for the class; the consumers held back): it registers, its key becomes the
/// download-client entry's password, a restart on another port updates the entry, and it comes back with the same id
/// after the registry loses its data. Haul's key is generated (not configured) so that its survival is tested too.
/// </summary>
public sealed class HaulRegistrationTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private DistributedApplication _app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<apphost::Program>(
            [$"--Parameters:pulse-api-key={RegistryClient.ApiKey}"], Ct);
        builder.HoldBack(PulseResources.Pilot, PulseResources.Prism);
        builder.WithEnvironment(PulseResources.Haul, "Pulse__HeartbeatInterval", "00:00:01");
        _app = builder.Build();
        await _app.StartAsync(Ct);
        await _app.WaitForResourceHealthyAsync(PulseResources.Haul, Ct);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task HaulRegistersAndSurvivesARestartOnAnotherPortAndTheLossOfTheRegistrysData()
    {
        using var registry = RegistryClient.For(_app.CreateHttpClient(PulseResources.Registry));

        // Registered, with its generated key (kept 0600) as the download-client entry's password.
        var haul = await WaitForAsync(registry.FindHaulAsync);
        var id = haul.GetProperty("id").GetString()!;
        Assert.Equal("online", haul.GetProperty("status").GetString());
        Assert.Equal(["supports_categories", "supports_tags", "supports_torrent"],
            haul.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()).Order());
        var keyFile = Path.Combine(_app.Options.DataDir, PulseResources.Haul, "api-key");
        var key = (await File.ReadAllTextAsync(keyFile, Ct)).Trim();
        Assert.Matches("^[0-9a-f]{64}$", key);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        var entry = await WaitForAsync(() => registry.FindDownloadClientAsync(id));
        Assert.Equal(key, entry.GetProperty("password").GetString());
        Assert.Equal(_app.Endpoint(PulseResources.Haul).Url.Port, entry.GetProperty("port").GetInt32());
        Assert.Equal("Healthy", await PulseHealthAsync());

        // Restarted on another port: the same id, the entry follows the port, the key survives.
        var oldPort = _app.Endpoint(PulseResources.Haul).Url.Port;
        await _app.RestartResourceAsync(PulseResources.Haul, change => change.Port = 0, Ct);
        await _app.WaitForResourceHealthyAsync(PulseResources.Haul, Ct);
        var newPort = _app.Endpoint(PulseResources.Haul).Url.Port;
        Assert.NotEqual(oldPort, newPort);
        var moved = await WaitForAsync(async () =>
            await registry.FindDownloadClientAsync(id) is { } e && e.GetProperty("port").GetInt32() == newPort ? e : null);
        Assert.Equal(key, moved.GetProperty("password").GetString());
        Assert.Equal(key, (await File.ReadAllTextAsync(keyFile, Ct)).Trim());
        using (var haulClient = _app.CreateHttpClient(PulseResources.Haul))
        {
            haulClient.DefaultRequestHeaders.Add("X-Api-Key", key);
            Assert.Equal(HttpStatusCode.OK, (await haulClient.GetAsync("/api/v1/torrents", Ct)).StatusCode);
        }

        // The registry loses its data: Haul's next heartbeat gets 404 and it re-registers with the same id.
        await _app.StopResourceAsync(PulseResources.Registry, Ct);
        await WipeRegistryDataAsync();
        await _app.StartResourceAsync(PulseResources.Registry, Ct);
        await _app.WaitForResourceHealthyAsync(PulseResources.Registry, Ct);
        using var restarted = RegistryClient.For(_app.CreateHttpClient(PulseResources.Registry));
        var back = await WaitForAsync(() => restarted.GetServiceAsync(id));
        Assert.Equal("haul", back.GetProperty("name").GetString());
        Assert.Equal(key, (await WaitForAsync(() => restarted.FindDownloadClientAsync(id))).GetProperty("password").GetString());
    }

    private async Task<string?> PulseHealthAsync()
    {
        using var haul = _app.CreateHttpClient(PulseResources.Haul);
        var health = await haul.GetFromJsonAsync<JsonElement>("/health", Ct);
        return health.GetProperty("checks").GetProperty("pulse").GetString();
    }

    // Every schema of registrydb dropped, every Redis key flushed: the registry starts as new.
    private async Task WipeRegistryDataAsync()
    {
        await using (var connection = new NpgsqlConnection(await _app.GetConnectionStringAsync(PulseResources.RegistryDatabase, Ct)))
        {
            await connection.OpenAsync(Ct);
            var schemas = new List<string>();
            await using (var list = new NpgsqlCommand(
                "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'", connection))
            await using (var reader = await list.ExecuteReaderAsync(Ct))
            {
                while (await reader.ReadAsync(Ct))
                {
                    schemas.Add(reader.GetString(0));
                }
            }

            var drop = string.Concat(schemas.Select(s => $"DROP SCHEMA \"{s}\" CASCADE; ")) + "CREATE SCHEMA IF NOT EXISTS public;";
            await using var wipe = new NpgsqlCommand(drop, connection);
            await wipe.ExecuteNonQueryAsync(Ct);
        }

        var redis = ConfigurationOptions.Parse((await _app.GetConnectionStringAsync(PulseResources.Redis, Ct))!);
        redis.AllowAdmin = true;
        await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis);
        foreach (var server in multiplexer.GetServers())
        {
            await server.FlushAllDatabasesAsync();
        }
    }

    private static async Task<JsonElement> WaitForAsync(Func<Task<JsonElement?>> read)
    {
        JsonElement? found = null;
        await Eventually.HoldsAsync(async () => (found = await read()) is not null, Ct, Deadline);
        return found!.Value;
    }
}
