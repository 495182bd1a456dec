using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Pulse.Client;
using Pulse.ServiceDefaults;
using StackExchange.Redis;

namespace Haul.Sample.Tests;

/// <summary>
/// Haul against the real registry (one graph for the class; the consumers held back): it registers, its key becomes the
/// download-client entry's password, a restart keeps its id, key and public URL, a restart with another advertised URL
/// updates the entry in place, and it comes back with the same id after the registry loses its data. Haul's key is
/// generated (not configured) so that its survival is tested too.
/// </summary>
public sealed class HaulRegistrationTests : IAsyncLifetime
{
    // Generous: 2 shared cores, and after the registry's outage Haul's heartbeat interval has backed off.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private PulseGraph _graph = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _graph = await PulseGraph.StartAsync(new PulseGraphOptions
        {
            ApiKey = RegistryClient.ApiKey,
            HoldBack = new HashSet<string> { PulseResources.Pilot, PulseResources.Prism },
            Environment = new Dictionary<string, Dictionary<string, string>>
            {
                [PulseResources.Haul] = new() { ["Pulse__HeartbeatInterval"] = "00:00:01" },
            },
        }, Ct);

    public async ValueTask DisposeAsync() => await _graph.DisposeAsync();

    [Fact]
    public async Task HaulRegistersKeepsItsIdAndKeyAcrossRestartsAndAChangedUrlAndSurvivesTheLossOfTheRegistrysData()
    {
        using var registry = RegistryClient.For(_graph.CreateHttpClient(PulseResources.Registry));
        var endpoint = _graph.Endpoint(PulseResources.Haul);

        // Registered at its public URL, with its generated key (kept 0600) as the download-client entry's password.
        var haul = await WaitForAsync(registry.FindHaulAsync);
        var id = haul.GetProperty("id").GetString()!;
        Assert.Equal("online", haul.GetProperty("status").GetString());
        Assert.Equal(["supports_categories", "supports_tags", "supports_torrent"],
            haul.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()).Order());
        var keyFile = Path.Combine(_graph.DataDirOf(PulseResources.Haul), "api-key");
        var key = (await File.ReadAllTextAsync(keyFile, Ct)).Trim();
        Assert.Matches("^[0-9a-f]{64}$", key);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        var entry = await WaitForAsync(() => registry.FindDownloadClientAsync(id));
        var entryId = entry.GetProperty("id").GetString();
        Assert.Equal(key, entry.GetProperty("password").GetString());
        AssertPointsAt(endpoint, entry);
        await WaitForPulseHealthyAsync();

        // Restarted: the proxy keeps the public port, so the new process registers the same URL under the same id.
        await _graph.RestartResourceAsync(PulseResources.Haul, changeEnvironment: null, Ct);
        await WaitForPulseHealthyAsync();
        Assert.Equal(id, (await WaitForAsync(registry.FindHaulAsync)).GetProperty("id").GetString());
        var kept = await WaitForAsync(() => registry.FindDownloadClientAsync(id));
        Assert.Equal(entryId, kept.GetProperty("id").GetString());
        Assert.Equal(key, kept.GetProperty("password").GetString());
        AssertPointsAt(endpoint, kept);
        Assert.Equal(key, (await File.ReadAllTextAsync(keyFile, Ct)).Trim());
        Assert.Equal(endpoint, _graph.Endpoint(PulseResources.Haul));
        await AssertServesWithKeyAtAsync(endpoint, key);

        // Restarted with another advertised URL (the same proxy, reached as 127.0.0.1): the entry follows it in place.
        var changed = new UriBuilder(endpoint) { Host = "127.0.0.1" }.Uri;
        await _graph.RestartResourceAsync(
            PulseResources.Haul, environment => environment["Pulse__ApiUrl"] = changed.GetLeftPart(UriPartial.Authority), Ct);
        var moved = await WaitForAsync(async () =>
            await registry.FindDownloadClientAsync(id) is { } e && e.GetProperty("host").GetString() == "127.0.0.1" ? e : null);
        Assert.Equal(entryId, moved.GetProperty("id").GetString());
        Assert.Equal(key, moved.GetProperty("password").GetString());
        AssertPointsAt(changed, moved);
        Assert.Equal(id, (await WaitForAsync(registry.FindHaulAsync)).GetProperty("id").GetString());
        await AssertServesWithKeyAtAsync(changed, key);

        // The registry loses its data: Haul's next heartbeat gets 404 and it re-registers with the same id.
        await _graph.StopResourceAsync(PulseResources.Registry, Ct);
        await WipeRegistryDataAsync();
        await _graph.StartResourceAsync(PulseResources.Registry, Ct);
        using var restarted = RegistryClient.For(_graph.CreateHttpClient(PulseResources.Registry));
        var back = await WaitForAsync(() => restarted.GetServiceAsync(id));
        Assert.Equal("haul", back.GetProperty("name").GetString());
        Assert.Equal(key, (await WaitForAsync(() => restarted.FindDownloadClientAsync(id))).GetProperty("password").GetString());
    }

    // The entry's address fields are the advertised URL's (no URL base: Haul serves at the root).
    private static void AssertPointsAt(Uri url, JsonElement entry)
    {
        Assert.Equal(url.Host, entry.GetProperty("host").GetString());
        Assert.Equal(url.Port, entry.GetProperty("port").GetInt32());
        Assert.Equal(url.GetLeftPart(UriPartial.Authority), entry.GetProperty("api_url").GetString());
    }

    private static async Task AssertServesWithKeyAtAsync(Uri url, string key)
    {
        using var haul = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
        haul.DefaultRequestHeaders.Add(PulseHeaders.ApiKey, key);
        using var response = await haul.GetAsync("/api/v1/torrents", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    // Haul's /health says "Healthy" for pulse only once this process has registered.
    private async Task WaitForPulseHealthyAsync() =>
        await Eventually.HoldsAsync(async () => await PulseHealthAsync() == "Healthy", Ct, Deadline, "Haul's pulse check reporting Healthy");

    private async Task<string?> PulseHealthAsync()
    {
        using var haul = _graph.CreateHttpClient(PulseResources.Haul);
        var health = await haul.GetFromJsonAsync<JsonElement>("/health", Ct);
        return health.GetProperty("checks").GetProperty("pulse").GetString();
    }

    // Every schema of registrydb dropped, every Redis key flushed: the registry starts as new.
    private async Task WipeRegistryDataAsync()
    {
        await using (var connection = new NpgsqlConnection(await _graph.ConnectionStringAsync(PulseResources.RegistryDatabase, Ct)))
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

        var redis = ConfigurationOptions.Parse(await _graph.ConnectionStringAsync(PulseResources.Redis, Ct));
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
