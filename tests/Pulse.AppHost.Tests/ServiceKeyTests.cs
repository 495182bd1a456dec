using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Pulse.ServiceDefaults.PulseResources;

namespace Pulse.AppHost.Tests;

/// <summary>
/// Each service of the AppHost's graph authenticates to the registry with its own key, and that key acts as that
/// service alone: it cannot take another service's registration over, register its own name under another type, or
/// read another service's key.
/// </summary>
[Collection(GraphCollection.Name)]
public sealed class ServiceKeyTests(GraphFixture fixture)
{
    private static readonly TimeSpan SyncDeadline = TimeSpan.FromSeconds(90);

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task EachServiceRegistersWithItsOwnKeyAndTheConsumersSyncHaul()
    {
        var graph = fixture.Graph;
        using var registry = graph.CreateHttpClient(Registry, GraphFixture.ApiKey);
        var services = await Eventually.ReturnsAsync(() => ServicesAsync(registry),
            list => list.Count(s => s.GetProperty("status").GetString() == "online") >= 3, _ct, SyncDeadline, "haul, pilot and prism online");
        Assert.Equal(DownloadClientType, Single(services, Haul).GetProperty("type").GetString());
        Assert.Equal(MediaManagerType, Single(services, Pilot).GetProperty("type").GetString());
        Assert.Equal(MediaManagerType, Single(services, Prism).GetProperty("type").GetString());

        // The registry knows each service's key (and nothing about them tells a service the operator's key).
        foreach (var service in Services)
        {
            using var own = graph.CreateHttpClient(Registry, graph.KeyOf(service));
            using var answer = await own.GetAsync("/api/v1/services", _ct);
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{service}'s key: {(int)answer.StatusCode}");
        }

        // Pilot and Prism read Haul's entry (a consumer's right) and hold it, at Haul's public URL.
        foreach (var consumer in (string[])[Pilot, Prism])
        {
            using var client = graph.CreateHttpClient(consumer, await fixture.GeneratedKeyAsync(consumer, _ct));
            await WaitForSyncedHaulAsync(client, graph.Endpoint(Haul), consumer);
        }
    }

    [Fact]
    public async Task PilotsKeyCannotTakeHaulOverAndNoConsumersHaulEntryMoves()
    {
        var graph = fixture.Graph;
        using var registry = graph.CreateHttpClient(Registry, GraphFixture.ApiKey);
        using var asPilot = graph.CreateHttpClient(Registry, graph.KeyOf(Pilot));
        using var pilot = graph.CreateHttpClient(Pilot, await fixture.GeneratedKeyAsync(Pilot, _ct));
        using var prism = graph.CreateHttpClient(Prism, await fixture.GeneratedKeyAsync(Prism, _ct));
        var haulUrl = graph.Endpoint(Haul);
        var before = new Dictionary<string, JsonElement>
        {
            [Pilot] = await WaitForSyncedHaulAsync(pilot, haulUrl, Pilot),
            [Prism] = await WaitForSyncedHaulAsync(prism, haulUrl, Prism),
        };
        var haul = Single(await ServicesAsync(registry), Haul);

        // The takeover a shared key allowed: Haul's name and type, another port, another key.
        using (var takeover = await asPilot.PostAsJsonAsync("/api/v1/services/register", new
        {
            name = Haul,
            type = DownloadClientType,
            api_url = "http://127.0.0.1:9",
            api_key = "attacker-key-" + Guid.NewGuid().ToString("N"),
        }, _ct))
        {
            await AssertForbiddenAsync(takeover, $"service:{Haul}/{DownloadClientType}");
        }

        // A change after the refused one, which each consumer must see: once it has, it has synced past the attempt.
        var marker = await AddMarkerAsync(registry);
        try
        {
            foreach (var (consumer, client) in (IEnumerable<(string, HttpClient)>)[(Pilot, pilot), (Prism, prism)])
            {
                await Eventually.HoldsAsync(async () => (await DownloadClientsAsync(client)).Any(c => c.GetProperty("name").GetString() == marker.Name),
                    _ct, SyncDeadline, $"{consumer} to sync the marker entry");
                var now = SyncedHaul(await DownloadClientsAsync(client));
                Assert.NotNull(now);
                foreach (var field in (string[])["id", "url", "api_key", "service_id"])
                {
                    Assert.Equal(before[consumer].GetProperty(field).GetString(), now.Value.GetProperty(field).GetString());
                }
            }
        }
        finally
        {
            using var removed = await registry.DeleteAsync($"/api/v1/download-clients/{marker.Id}", CancellationToken.None);
        }

        // The registry's own entry for Haul kept its id, its URL and its download-client entry's port.
        var after = Single(await ServicesAsync(registry), Haul);
        Assert.Equal(haul.GetProperty("id").GetString(), after.GetProperty("id").GetString());
        Assert.Equal(haul.GetProperty("api_url").GetString(), after.GetProperty("api_url").GetString());
        var entry = (await registry.GetFromJsonAsync<JsonElement[]>("/api/v1/download-clients", _ct))!
            .Single(c => c.GetProperty("service_id").GetString() == haul.GetProperty("id").GetString());
        Assert.Equal(haulUrl.Port, entry.GetProperty("port").GetInt32());
    }

    [Fact]
    public async Task PilotsKeyCannotRegisterPilotAsADownloadClient()
    {
        var graph = fixture.Graph;
        using var asPilot = graph.CreateHttpClient(Registry, graph.KeyOf(Pilot));
        using (var answer = await asPilot.PostAsJsonAsync("/api/v1/services/register",
            new { name = Pilot, type = DownloadClientType, api_url = graph.Endpoint(Pilot).ToString() }, _ct))
        {
            await AssertForbiddenAsync(answer, $"service:{Pilot}/{DownloadClientType}");
        }

        using var registry = graph.CreateHttpClient(Registry, GraphFixture.ApiKey);
        var downloadClients = (await registry.GetFromJsonAsync<JsonElement[]>($"/api/v1/services/discover?type={DownloadClientType}", _ct))!;
        Assert.DoesNotContain(downloadClients, s => s.GetProperty("name").GetString() == Pilot);
    }

    [Fact]
    public async Task AServiceKeyReadsItsOwnApiKeyAndNoOtherServicesWithIncludeCredentials()
    {
        var graph = fixture.Graph;
        foreach (var service in (string[])[Pilot, Haul])
        {
            using var own = graph.CreateHttpClient(Registry, graph.KeyOf(service));
            var services = await Eventually.ReturnsAsync(
                async () => (await own.GetFromJsonAsync<JsonElement[]>("/api/v1/services?include=credentials", _ct))!,
                list => list.Any(s => s.GetProperty("name").GetString() == Prism), _ct, SyncDeadline, "every service registered");

            // Its own key, the one it generated and registered, and no other service's.
            Assert.Equal(await fixture.GeneratedKeyAsync(service, _ct), ApiKeyOf(Single(services, service)));
            Assert.All(services.Where(s => s.GetProperty("name").GetString() != service),
                other => Assert.True(ApiKeyOf(other) is null, $"{service}'s key read {other.GetProperty("name").GetString()}'s api_key"));
        }

        // The operator still reads every one.
        using var registry = graph.CreateHttpClient(Registry, GraphFixture.ApiKey);
        var all = (await registry.GetFromJsonAsync<JsonElement[]>("/api/v1/services?include=credentials", _ct))!;
        foreach (var service in Services)
        {
            Assert.Equal(await fixture.GeneratedKeyAsync(service, _ct), ApiKeyOf(Single(all, service)));
        }
    }

    private async Task<List<JsonElement>> ServicesAsync(HttpClient registry) =>
        [.. (await registry.GetFromJsonAsync<JsonElement[]>("/api/v1/services", _ct))!];

    private static JsonElement Single(IEnumerable<JsonElement> services, string name) =>
        Assert.Single(services, s => s.GetProperty("name").GetString() == name);

    private static string? ApiKeyOf(JsonElement service) =>
        service.TryGetProperty("api_key", out var key) && key.ValueKind == JsonValueKind.String ? key.GetString() : null;

    private async Task<JsonElement[]> DownloadClientsAsync(HttpClient consumer) =>
        (await consumer.GetFromJsonAsync<JsonElement[]>("/api/v1/download-clients?include=credentials", _ct))!;

    private static JsonElement? SyncedHaul(JsonElement[] clients) =>
        clients.Where(c => c.GetProperty("name").GetString() == Haul && c.GetProperty("source").GetString() == "pulse")
            .Select(c => (JsonElement?)c).SingleOrDefault();

    private Task<JsonElement> WaitForSyncedHaulAsync(HttpClient consumer, Uri haulUrl, string name) =>
        Eventually.ReturnsAsync(
            async () => SyncedHaul(await DownloadClientsAsync(consumer)) ?? default,
            entry => entry.ValueKind == JsonValueKind.Object && entry.GetProperty("status").GetString() == "online"
                && new Uri(entry.GetProperty("url").GetString()!).Port == haulUrl.Port,
            _ct, SyncDeadline, $"{name} to hold Haul, online, at {haulUrl}");

    /// <summary>A disabled manual entry in the registry, which the consumers sync like any other.</summary>
    private async Task<(string Id, string Name)> AddMarkerAsync(HttpClient registry)
    {
        var name = "sync-marker-" + Guid.NewGuid().ToString("N")[..8];
        using var created = await registry.PostAsJsonAsync("/api/v1/download-clients",
            new { name, kind = "marker", enabled = false, priority = 100, host = "127.0.0.1", port = 9 }, _ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return ((await created.Content.ReadFromJsonAsync<JsonElement>(_ct)).GetProperty("id").GetString()!, name);
    }

    private async Task AssertForbiddenAsync(HttpResponseMessage answer, string scope)
    {
        await ProblemAssert.NamesFieldAsync(answer, $"lacking {scope}", 403, field: null, _ct);
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>(_ct);
        Assert.Contains(scope, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
