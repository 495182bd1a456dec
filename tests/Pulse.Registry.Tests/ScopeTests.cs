using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Pulse.Registry.Tests.TestData;

namespace Pulse.Registry.Tests;

/// <summary>Every route's scope: what the operator, the owning service, another service and a consumer may do.</summary>
public sealed class ScopeTests(GraphFixture graph)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryRouteAnswersEachPrincipalAsTheScopeTableSays()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, TimeProvider.System, _ct, ServiceKeys.Settings());
        using var operatorClient = registry.CreateKeyedClient();
        using var haul = registry.CreateKeyedClient(ServiceKeys.Haul);
        using var indexer = registry.CreateKeyedClient(ServiceKeys.Indexer);
        using var pilot = registry.CreateKeyedClient(ServiceKeys.Pilot);

        var haulId = await RegisterAsync(haul, PollRegistration("haul", "download-client"), _ct);
        var messageId = (await PostJsonAsync(operatorClient, $"/api/v1/services/{haulId}/messages",
            new JsonObject { ["type"] = "torrent.add", ["key"] = "grab-1", ["payload"] = new JsonObject() }, _ct)).Body
            .GetProperty("message_id").GetString()!;
        var victim = await RegisterAsync(operatorClient, Registration(UniqueName("victim")), _ct);
        var service = $"/api/v1/services/{haulId}";
        var message = $"{service}/messages/{messageId}";
        const string Haul = "service:haul/download-client";

        // Each row runs in this order: another service, the consumer, the owning service, then the operator; the
        // statuses are theirs in that order. A 403 names the scope the key lacks.
        (string Method, string Path, string? Body, int[] Statuses, string? Scope)[] table =
        [
            ("POST", "/api/v1/services/register", PollRegistration("haul", "download-client").ToJsonString(), [403, 403, 200, 200], Haul),
            ("PUT", $"{service}/heartbeat", null, [403, 403, 204, 204], Haul),
            ("POST", $"{service}/leave", null, [403, 403, 204, 204], Haul),
            ("GET", "/api/v1/services", null, [200, 200, 200, 200], null),
            ("GET", $"{service}", null, [200, 200, 200, 200], null),
            ("GET", "/api/v1/services/discover?type=download-client", null, [200, 200, 200, 200], null),
            ("GET", "/api/v1/services?include=credentials", null, [200, 200, 200, 200], null),
            ("GET", "/api/v1/download-clients", null, [200, 200, 200, 200], null),
            ("GET", "/api/v1/download-clients?include=credentials", null, [403, 200, 403, 200], "consumer"),
            ("POST", "/api/v1/download-clients", """{"name":"manual","kind":"qbittorrent","protocol":"torrent","host":"10.0.0.5","port":8080}""", [403, 403, 403, 201], "operator"),
            ("DELETE", $"/api/v1/services/{victim}", null, [403, 403, 403, 204], "operator"),
            ("GET", "/api/v1/events?after=0", null, [200, 200, 200, 200], null),
            ("GET", "/api/v1/services?index=1&wait=10ms", null, [200, 200, 200, 200], null),
            ("POST", $"{service}/messages", """{"type":"torrent.add","key":"grab-1","payload":{}}""", [403, 200, 403, 200], "consumer"),
            ("GET", message, null, [403, 200, 403, 200], "consumer"),
            ("GET", $"{service}/deliveries?after=0", null, [403, 403, 200, 200], Haul),
            ("POST", $"{message}/claim", "{}", [403, 403, 200, 409], Haul),
            ("POST", $"{message}/heartbeat", """{"epoch":1}""", [403, 403, 200, 200], Haul),
            ("POST", $"{message}/complete", """{"epoch":1,"result":{}}""", [403, 403, 200, 409], Haul),
            ("POST", $"{message}/fail", """{"epoch":1,"reason":"x"}""", [403, 403, 409, 409], Haul),
            ("GET", "/api/v1/principals", null, [403, 403, 403, 200], "operator"),
            ("POST", "/api/v1/principals/indexer/keys", null, [403, 403, 403, 201], "operator"),
        ];

        var failures = new List<string>();
        foreach (var (method, path, body, statuses, scope) in table)
        {
            foreach (var (who, client, expected) in new[]
            {
                ("another service", indexer, statuses[0]), ("the consumer", pilot, statuses[1]),
                ("the owner", haul, statuses[2]), ("the operator", operatorClient, statuses[3]),
            })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (body is not null)
                {
                    request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                }

                using var response = await client.SendAsync(request, _ct);
                var text = await response.Content.ReadAsStringAsync(_ct);
                if ((int)response.StatusCode != expected)
                {
                    failures.Add($"{method} {path} by {who}: {(int)response.StatusCode}, expected {expected}: {text}");
                }
                else if (expected == 403 && JsonDocument.Parse(text).RootElement.GetProperty("scope").GetString() != scope)
                {
                    failures.Add($"{method} {path} by {who}: the problem does not name {scope}: {text}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task AServiceKeySeesOnlyItsOwnKeyAndTheOperatorSeesEvery()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, TimeProvider.System, _ct, ServiceKeys.Settings());
        using var haul = registry.CreateKeyedClient(ServiceKeys.Haul);
        using var pilot = registry.CreateKeyedClient(ServiceKeys.Pilot);
        using var operatorClient = registry.CreateKeyedClient();
        var haulId = await RegisterAsync(haul, Registration("haul", "download-client", apiKey: "haul-own-secret"), _ct);
        var pilotId = await RegisterAsync(pilot, Registration("pilot", apiKey: "pilot-own-secret"), _ct);

        static Dictionary<string, string?> Keys(JsonElement list) => list.EnumerateArray().ToDictionary(
            s => s.GetProperty("name").GetString()!,
            s => s.TryGetProperty("api_key", out var key) && key.ValueKind == JsonValueKind.String ? key.GetString() : null);

        var byHaul = Keys(await GetJsonAsync(haul, "/api/v1/services?include=credentials", _ct));
        var byOperator = Keys(await GetJsonAsync(operatorClient, "/api/v1/services?include=credentials", _ct));
        var pilotAsHaulSeesIt = await GetJsonAsync(haul, $"/api/v1/services/{pilotId}?include=credentials", _ct);
        var haulAsHaulSeesIt = await GetJsonAsync(haul, $"/api/v1/services/{haulId}?include=credentials", _ct);

        Assert.Equal("haul-own-secret", byHaul["haul"]);
        Assert.Null(byHaul["pilot"]);
        Assert.Equal("haul-own-secret", byOperator["haul"]);
        Assert.Equal("pilot-own-secret", byOperator["pilot"]);
        Assert.False(pilotAsHaulSeesIt.TryGetProperty("api_key", out var hidden) && hidden.ValueKind == JsonValueKind.String);
        Assert.Equal("haul-own-secret", haulAsHaulSeesIt.GetProperty("api_key").GetString());
    }

    [Fact]
    public async Task AnotherServicesKeyCannotTakeOverARegistrationAndItsEntryNeverMoves()
    {
        var logs = new LogCapture();
        await using var registry = await InProcessRegistry.StartAsync(graph, TimeProvider.System, _ct, ServiceKeys.Settings(), logs.AddTo);
        using var haul = registry.CreateKeyedClient(ServiceKeys.Haul);
        using var pilot = registry.CreateKeyedClient(ServiceKeys.Pilot);
        var haulId = await RegisterAsync(haul, Registration("haul", "download-client", port: 8484, apiKey: "haul-own-secret"), _ct);

        // Pilot's key re-registering haul at another port, and registering itself as a download client.
        var (takeover, problem) = await PostJsonAsync(pilot, "/api/v1/services/register",
            Registration("haul", "download-client", port: 6666, apiKey: "attacker"), _ct);
        var (asOtherType, _) = await PostJsonAsync(pilot, "/api/v1/services/register", Registration("pilot", "download-client"), _ct);

        Assert.Equal(HttpStatusCode.Forbidden, takeover.StatusCode);
        Assert.Equal("service:haul/download-client", problem.GetProperty("scope").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, asOtherType.StatusCode);
        var entry = await GetJsonAsync(haul, $"/api/v1/services/{haulId}?include=credentials", _ct);
        Assert.Equal("http://127.0.0.1:8484/", entry.GetProperty("api_url").GetString());
        Assert.Equal("haul-own-secret", entry.GetProperty("api_key").GetString());
        var clients = await GetJsonAsync(pilot, "/api/v1/download-clients?include=credentials", _ct);
        var client = Assert.Single(clients.EnumerateArray());
        Assert.Equal(8484, client.GetProperty("port").GetInt32());

        // The refusal is in the log with the principal, the scope and the route, never a key.
        var line = Assert.Single(logs.Messages("ScopeRefused"), m => m.Contains("service:haul/download-client", StringComparison.Ordinal));
        Assert.Contains("Principal pilot", line);
        Assert.Contains(logs.Messages("ScopeRefused"), m => m.Contains("service:pilot/download-client", StringComparison.Ordinal));
        Assert.Contains("POST /api/v1/services/register", line);
        Assert.DoesNotContain(logs.Lines, l => l.Message.Contains(ServiceKeys.Pilot, StringComparison.Ordinal));

        // The owner itself may move to another port and key.
        var (moved, _) = await PostJsonAsync(haul, "/api/v1/services/register",
            Registration("haul", "download-client", port: 9494, apiKey: "haul-new-secret"), _ct);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal("http://127.0.0.1:9494/", (await GetJsonAsync(haul, $"/api/v1/services/{haulId}", _ct)).GetProperty("api_url").GetString());
        Assert.Contains(logs.Messages("ServiceRegistrationChanged"), m => m.Contains("principal haul", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARemovedServicesIdStopsGrantingItsOwnersScope()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, TimeProvider.System, _ct, ServiceKeys.Settings());
        using var haul = registry.CreateKeyedClient(ServiceKeys.Haul);
        using var indexer = registry.CreateKeyedClient(ServiceKeys.Indexer);
        using var operatorClient = registry.CreateKeyedClient();
        var id = await RegisterAsync(haul, Registration("haul", "download-client"), _ct);
        using (var beat = await haul.PutAsync($"/api/v1/services/{id}/heartbeat", null, _ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, beat.StatusCode);
        }

        // Removed, then registered again under another name with the same id (a registration may ask for its id).
        using (var delete = await operatorClient.DeleteAsync($"/api/v1/services/{id}", _ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        var reused = Registration("indexer", "indexer");
        reused["id"] = id;
        Assert.Equal(id, await RegisterAsync(indexer, reused, _ct));

        using var byOldOwner = await haul.PutAsync($"/api/v1/services/{id}/heartbeat", null, _ct);
        using var byNewOwner = await indexer.PutAsync($"/api/v1/services/{id}/heartbeat", null, _ct);
        Assert.Equal(HttpStatusCode.Forbidden, byOldOwner.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, byNewOwner.StatusCode);
    }

    private static JsonObject PollRegistration(string name, string type)
    {
        var registration = Registration(name, type);
        registration.Remove("api_url");
        registration.Remove("health_url");
        registration["delivery_mode"] = "poll";
        return registration;
    }
}
