using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Pulse.Registry.Tests.TestData;

namespace Pulse.Registry.Tests;

public sealed class ServiceFlowTests(GraphFixture graph)
{
    private readonly HttpClient _registry = graph.Registry;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task RegistrationAnswersCreatedThenOkWithTheSameId()
    {
        var registration = Registration(UniqueName());

        var (first, created) = await PostJsonAsync(_registry, "/api/v1/services/register", registration, _ct);
        var (second, updated) = await PostJsonAsync(_registry, "/api/v1/services/register", registration, _ct);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(created.GetProperty("id").GetString(), updated.GetProperty("id").GetString());
        Assert.Equal("online", updated.GetProperty("status").GetString());
        Assert.False(created.TryGetProperty("api_key", out _));
        Assert.True(created.GetProperty("heartbeat_interval_seconds").GetInt32() > 0);
        foreach (var field in (string[])["id", "name", "type", "api_url", "health_url", "version", "status", "delivery_mode",
                     "capabilities", "metadata", "last_seen", "registered", "lease_expires_at", "heartbeat_interval_seconds"])
        {
            Assert.True(created.TryGetProperty(field, out _), $"missing {field}");
        }

        Assert.EndsWith("Z", created.GetProperty("last_seen").GetString());
    }

    [Fact]
    public async Task ConcurrentFirstRegistrationsOfOneServiceCreateItOnce()
    {
        var registration = Registration(UniqueName());

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            PostJsonAsync(_registry, "/api/v1/services/register", registration.DeepClone().AsObject(), _ct)));

        Assert.Equal(1, answers.Count(a => a.Response.StatusCode == HttpStatusCode.Created));
        Assert.Equal(7, answers.Count(a => a.Response.StatusCode == HttpStatusCode.OK));
        Assert.Single(answers.Select(a => a.Body.GetProperty("id").GetString()).Distinct());
    }

    [Fact]
    public async Task RegistrationWithARequestedIdKeepsItForANewService()
    {
        var id = Guid.NewGuid().ToString();
        var registration = Registration(UniqueName());
        registration["id"] = id;

        Assert.Equal(id, await RegisterAsync(_registry, registration, _ct));
        registration["id"] = Guid.NewGuid().ToString();
        Assert.Equal(id, await RegisterAsync(_registry, registration, _ct));
    }

    [Fact]
    public async Task ConcurrentRegistrationsOfDifferentServicesAskingForOneIdGiveItToOneOfThem()
    {
        var id = Guid.NewGuid().ToString();
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
        {
            var registration = Registration(UniqueName());
            registration["id"] = id;
            return PostJsonAsync(_registry, "/api/v1/services/register", registration, _ct);
        }));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.Response.StatusCode));
        var ids = answers.Select(a => a.Body.GetProperty("id").GetString()).ToList();
        Assert.Equal(8, ids.Distinct().Count());
        Assert.Single(ids, given => given == id);
    }

    [Fact]
    public async Task HeartbeatAnswersNoContentAndNotFoundForAnUnknownId()
    {
        var id = await RegisterAsync(_registry, Registration(UniqueName()), _ct);

        using var known = await _registry.PutAsync($"/api/v1/services/{id}/heartbeat", null, _ct);
        using var unknown = await _registry.PutAsync($"/api/v1/services/{Guid.NewGuid()}/heartbeat", null, _ct);
        using var malformed = await _registry.PutAsync("/api/v1/services/not-an-id/heartbeat", null, _ct);

        Assert.Equal(HttpStatusCode.NoContent, known.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
    }

    [Fact]
    public async Task LeaveMakesTheServiceOfflineAtOnce()
    {
        var id = await RegisterAsync(_registry, Registration(UniqueName()), _ct);

        using var leave = await _registry.PostAsync($"/api/v1/services/{id}/leave", null, _ct);

        Assert.Equal(HttpStatusCode.NoContent, leave.StatusCode);
        var service = await GetJsonAsync(_registry, $"/api/v1/services/{id}", _ct);
        Assert.Equal("offline", service.GetProperty("status").GetString());
        var online = await GetJsonAsync(_registry, "/api/v1/services?status=online", _ct);
        Assert.DoesNotContain(online.EnumerateArray(), s => s.GetProperty("id").GetString() == id);

        using var heartbeat = await _registry.PutAsync($"/api/v1/services/{id}/heartbeat", null, _ct);
        Assert.Equal(HttpStatusCode.NoContent, heartbeat.StatusCode);
        Assert.Equal("online", (await GetJsonAsync(_registry, $"/api/v1/services/{id}", _ct)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task DeleteRemovesTheServiceAndItsDownloadClientEntry()
    {
        var name = UniqueName("haul");
        var id = await RegisterAsync(_registry, Registration(name, "download-client", 8484), _ct);
        Assert.NotNull(await FindDownloadClientAsync(id));

        using var delete = await _registry.DeleteAsync($"/api/v1/services/{id}", _ct);
        using var again = await _registry.DeleteAsync($"/api/v1/services/{id}", _ct);
        using var get = await _registry.GetAsync($"/api/v1/services/{id}", _ct);

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Null(await FindDownloadClientAsync(id));
    }

    [Fact]
    public async Task ReRegistrationWithANewPortAndKeyUpdatesTheDownloadClientEntryInPlace()
    {
        var name = UniqueName("haul");
        var id = await RegisterAsync(_registry, Registration(name, "download-client", 8484, apiKey: "secret-first"), _ct);
        var entry = (await FindDownloadClientAsync(id, withCredentials: true))!.Value;
        Assert.Equal("secret-first", entry.GetProperty("password").GetString());
        Assert.Equal(8484, entry.GetProperty("port").GetInt32());
        Assert.Equal("torrent", entry.GetProperty("protocol").GetString());
        Assert.Equal("""{"pulse":true}""", entry.GetProperty("settings").GetString());
        Assert.Equal("online", entry.GetProperty("status").GetString());
        var entryId = entry.GetProperty("id").GetString();
        using (var put = await _registry.PutAsync($"/api/v1/download-clients/{entryId}",
            JsonContent(new JsonObject { ["enabled"] = false, ["priority"] = 7 }), _ct))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        Assert.Equal(id, await RegisterAsync(_registry, Registration(name, "download-client", 9494, apiKey: "secret-second"), _ct));

        var updated = (await FindDownloadClientAsync(id, withCredentials: true))!.Value;
        Assert.Equal(entryId, updated.GetProperty("id").GetString());
        Assert.Equal(9494, updated.GetProperty("port").GetInt32());
        Assert.Equal("secret-second", updated.GetProperty("password").GetString());
        Assert.False(updated.GetProperty("enabled").GetBoolean());
        Assert.Equal(7, updated.GetProperty("priority").GetInt32());
    }

    [Fact]
    public async Task ReRegistrationThatOmitsAnOptionalFieldClearsIt()
    {
        var registration = Registration(UniqueName());
        var id = await RegisterAsync(_registry, registration, _ct);
        registration.Remove("version");
        registration.Remove("health_url");
        registration["metadata"] = "";

        await RegisterAsync(_registry, registration, _ct);

        var service = await GetJsonAsync(_registry, $"/api/v1/services/{id}", _ct);
        Assert.Equal(JsonValueKind.Null, service.GetProperty("version").ValueKind);
        Assert.Equal(JsonValueKind.Null, service.GetProperty("health_url").ValueKind);
        Assert.Equal(JsonValueKind.Null, service.GetProperty("metadata").ValueKind);
    }

    [Fact]
    public async Task SecretsAppearOnlyWithIncludeCredentialsAndAreNeverCached()
    {
        var id = await RegisterAsync(_registry, Registration(UniqueName("haul"), "download-client", apiKey: "secret-visible"), _ct);

        using var plain = await _registry.GetAsync($"/api/v1/services/{id}", _ct);
        using var withSecrets = await _registry.GetAsync($"/api/v1/services/{id}?include=credentials", _ct);
        using var clients = await _registry.GetAsync("/api/v1/download-clients", _ct);

        Assert.DoesNotContain("secret-visible", await plain.Content.ReadAsStringAsync(_ct));
        Assert.DoesNotContain("secret-", await clients.Content.ReadAsStringAsync(_ct));
        Assert.Contains("\"api_key\":\"secret-visible\"", await withSecrets.Content.ReadAsStringAsync(_ct));
        Assert.True(withSecrets.Headers.CacheControl?.NoStore);
        Assert.NotNull((await FindDownloadClientAsync(id, withCredentials: true))!.Value.GetProperty("password").GetString());
    }

    [Fact]
    public async Task DiscoverFiltersByCapabilityBeforeTypeAndByStatus()
    {
        var capability = UniqueName("cap");
        var a = Registration(UniqueName(), "indexer");
        a["capabilities"] = new JsonArray(capability);
        var b = Registration(UniqueName(), "media-manager");
        b["capabilities"] = new JsonArray(capability);
        var idA = await RegisterAsync(_registry, a, _ct);
        var idB = await RegisterAsync(_registry, b, _ct);
        using (await _registry.PostAsync($"/api/v1/services/{idB}/leave", null, _ct))
        {
        }

        var byCapability = await GetJsonAsync(_registry, $"/api/v1/services/discover?type=indexer&capability={capability}", _ct);
        var online = await GetJsonAsync(_registry, $"/api/v1/services/discover?capability={capability}&status=online", _ct);
        using var badStatus = await _registry.GetAsync("/api/v1/services?status=sleeping", _ct);

        Assert.Equal([idA, idB], byCapability.EnumerateArray().Select(s => s.GetProperty("id").GetString()).Order());
        Assert.Equal([idA], online.EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
    }

    [Fact]
    public async Task ManualDownloadClientsCanBeCreatedUpdatedAndDeleted()
    {
        var name = UniqueName("manual");
        var (created, entry) = await PostJsonAsync(_registry, "/api/v1/download-clients", new JsonObject
        {
            ["name"] = name, ["kind"] = "qbittorrent", ["host"] = "10.0.0.5", ["port"] = 8080, ["password"] = "secret-manual",
            ["settings"] = """{"a":1}""",
        }, _ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.False(entry.TryGetProperty("password", out _));
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("service_id").ValueKind);
        var id = entry.GetProperty("id").GetString();

        using var put = await _registry.PutAsync($"/api/v1/download-clients/{id}", JsonContent(new JsonObject
        {
            ["name"] = name, ["kind"] = "qbittorrent", ["host"] = "10.0.0.6", ["port"] = 8081, ["priority"] = 3,
        }), _ct);
        var updated = JsonDocument.Parse(await put.Content.ReadAsStringAsync(_ct)).RootElement;
        using var delete = await _registry.DeleteAsync($"/api/v1/download-clients/{id}", _ct);
        using var gone = await _registry.GetAsync($"/api/v1/download-clients/{id}", _ct);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("10.0.0.6", updated.GetProperty("host").GetString());
        Assert.Equal(3, updated.GetProperty("priority").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    private async Task<JsonElement?> FindDownloadClientAsync(string serviceId, bool withCredentials = false)
    {
        var all = await GetJsonAsync(_registry, "/api/v1/download-clients" + (withCredentials ? "?include=credentials" : ""), _ct);
        return all.EnumerateArray().Where(e => e.GetProperty("service_id").GetString() == serviceId).Cast<JsonElement?>().FirstOrDefault();
    }

    private static StringContent JsonContent(JsonNode body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
}
