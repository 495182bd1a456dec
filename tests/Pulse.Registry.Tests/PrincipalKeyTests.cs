using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using static Pulse.Registry.Tests.TestData;

namespace Pulse.Registry.Tests;

/// <summary>Principals' keys: seeding from configuration, the operator's key API, and how fast a change holds.</summary>
public sealed class PrincipalKeyTests(GraphFixture graph)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task AKeyAddedThroughTheApiWorksAndARetiredOneStopsAtOnce()
    {
        var logs = new LogCapture();
        await using var registry = await InProcessRegistry.StartAsync(graph, TimeProvider.System, _ct, ServiceKeys.Settings(), logs.AddTo);
        using var operatorClient = registry.CreateKeyedClient();

        using var added = await operatorClient.PostAsync("/api/v1/principals/haul/keys", null, _ct);
        var body = JsonDocument.Parse(await added.Content.ReadAsStringAsync(_ct)).RootElement;
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal("no-store", added.Headers.CacheControl?.ToString());
        var newKey = body.GetProperty("key").GetString()!;
        var newKeyId = body.GetProperty("id").GetString()!;
        Assert.Matches("^[0-9a-f]{64}$", newKey);

        // Both keys work while the service moves to the new one; a third is refused.
        using var withNew = registry.CreateKeyedClient(newKey);
        using var withOld = registry.CreateKeyedClient(ServiceKeys.Haul);
        Assert.Equal(HttpStatusCode.OK, (await withNew.GetAsync("/api/v1/services", _ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await withOld.GetAsync("/api/v1/services", _ct)).StatusCode);
        using (var third = await operatorClient.PostAsJsonAsync("/api/v1/principals/haul/keys", new { key = "a-third-key-for-haul-0000" }, _ct))
        {
            Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);
        }

        var principals = await GetJsonAsync(operatorClient, "/api/v1/principals", _ct);
        var haul = principals.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "haul");
        Assert.Equal("service", haul.GetProperty("kind").GetString());
        Assert.Equal("download-client", haul.GetProperty("service_type").GetString());
        Assert.Equal(2, haul.GetProperty("keys").GetArrayLength());
        var oldKeyId = haul.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("id").GetString()).Single(id => id != newKeyId)!;
        var listed = principals.GetRawText();
        Assert.DoesNotContain(ServiceKeys.Haul, listed);
        Assert.DoesNotContain(newKey, listed);
        Assert.DoesNotContain("hash", listed);

        using (var retire = await operatorClient.DeleteAsync($"/api/v1/principals/haul/keys/{oldKeyId}", _ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, retire.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await withOld.GetAsync("/api/v1/services", _ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await withNew.GetAsync("/api/v1/services", _ct)).StatusCode);

        // Rotation is audited by principal and key id, never by key.
        Assert.Contains(logs.Messages("KeyAdded"), m => m.Contains("haul", StringComparison.Ordinal) && m.Contains(newKeyId, StringComparison.Ordinal));
        Assert.Contains(logs.Messages("KeyRetired"), m => m.Contains("haul", StringComparison.Ordinal) && m.Contains(oldKeyId, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Message.Contains(newKey, StringComparison.Ordinal) || l.Message.Contains(ServiceKeys.Haul, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheKeyApiRefusesWhatItCannotDo()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, TimeProvider.System, _ct, ServiceKeys.Settings());
        using var operatorClient = registry.CreateKeyedClient();
        var principals = await GetJsonAsync(operatorClient, "/api/v1/principals", _ct);
        var operatorEntry = principals.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "operator");
        Assert.Equal("operator", operatorEntry.GetProperty("kind").GetString());
        var operatorKeyId = operatorEntry.GetProperty("keys")[0].GetProperty("id").GetString();
        var haulKeyId = principals.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "haul")
            .GetProperty("keys")[0].GetProperty("id").GetString();

        using var unknown = await operatorClient.PostAsync("/api/v1/principals/nobody/keys", null, _ct);
        using var tooShort = await operatorClient.PostAsJsonAsync("/api/v1/principals/haul/keys", new { key = "short" }, _ct);
        using var taken = await operatorClient.PostAsJsonAsync("/api/v1/principals/haul/keys", new { key = ServiceKeys.Pilot }, _ct);
        using var lastOperatorKey = await operatorClient.DeleteAsync($"/api/v1/principals/operator/keys/{operatorKeyId}", _ct);
        using var unknownKey = await operatorClient.DeleteAsync($"/api/v1/principals/haul/keys/{Guid.NewGuid()}", _ct);

        await ProblemAssert.NamesFieldAsync(unknown, "unknown principal", 404, null, _ct);
        await ProblemAssert.NamesFieldAsync(tooShort, "short key", 400, "key", _ct);
        await ProblemAssert.NamesFieldAsync(taken, "another principal's key", 409, null, _ct);
        await ProblemAssert.NamesFieldAsync(lastOperatorKey, "the operator's last key", 409, null, _ct);
        await ProblemAssert.NamesFieldAsync(unknownKey, "unknown key", 404, null, _ct);

        // A service may lose its last key: that is revocation.
        using (var revoke = await operatorClient.DeleteAsync($"/api/v1/principals/haul/keys/{haulKeyId}", _ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        using var haul = registry.CreateKeyedClient(ServiceKeys.Haul);
        Assert.Equal(HttpStatusCode.Unauthorized, (await haul.GetAsync("/api/v1/services", _ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.GetAsync("/api/v1/services", _ct)).StatusCode);
    }

    [Fact]
    public async Task AKeyChangeMadeOnOneInstanceHoldsOnAnotherWithinASecond()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var first = await InProcessRegistry.StartAsync(graph, time, _ct, ServiceKeys.Settings());
        await using var second = first.StartAnother(time, ServiceKeys.Settings());
        using var operatorOnFirst = first.CreateKeyedClient();

        var added = (await PostJsonAsync(operatorOnFirst, "/api/v1/principals/pilot/keys", new JsonObject(), _ct)).Body;
        var newKey = added.GetProperty("key").GetString()!;
        using var newOnFirst = first.CreateKeyedClient(newKey);
        using var newOnSecond = second.CreateKeyedClient(newKey);
        Assert.Equal(HttpStatusCode.OK, (await newOnFirst.GetAsync("/api/v1/services", _ct)).StatusCode);

        // No time has passed on the second instance's clock: it has not polled yet.
        Assert.Equal(HttpStatusCode.Unauthorized, (await newOnSecond.GetAsync("/api/v1/services", _ct)).StatusCode);
        time.Advance(TimeSpan.FromMilliseconds(500));
        await Eventually.HoldsAsync(async () =>
        {
            using var response = await newOnSecond.GetAsync("/api/v1/services", _ct);
            return response.StatusCode == HttpStatusCode.OK;
        }, _ct, TimeSpan.FromSeconds(30), "the new key on the second instance");

        // Retiring the configured key: refused at once on the first, after one poll on the second.
        var principals = await GetJsonAsync(operatorOnFirst, "/api/v1/principals", _ct);
        var oldKeyId = principals.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "pilot").GetProperty("keys")
            .EnumerateArray().Select(k => k.GetProperty("id").GetString()).Single(id => id != added.GetProperty("id").GetString());
        using (var retire = await operatorOnFirst.DeleteAsync($"/api/v1/principals/pilot/keys/{oldKeyId}", _ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, retire.StatusCode);
        }

        using var oldOnFirst = first.CreateKeyedClient(ServiceKeys.Pilot);
        using var oldOnSecond = second.CreateKeyedClient(ServiceKeys.Pilot);
        Assert.Equal(HttpStatusCode.Unauthorized, (await oldOnFirst.GetAsync("/api/v1/services", _ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await oldOnSecond.GetAsync("/api/v1/services", _ct)).StatusCode);
        time.Advance(TimeSpan.FromMilliseconds(500));
        await Eventually.HoldsAsync(async () =>
        {
            using var response = await oldOnSecond.GetAsync("/api/v1/services", _ct);
            return response.StatusCode == HttpStatusCode.Unauthorized;
        }, _ct, TimeSpan.FromSeconds(30), "the retired key refused on the second instance");
    }

    [Fact]
    public async Task AServicePrincipalAddedAtRunTimeActsOnlyAsItsOwnService()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, TimeProvider.System, _ct);
        using var operatorClient = registry.CreateKeyedClient();

        var (put, principal) = await PutJsonAsync(operatorClient, "/api/v1/principals/sonar",
            new JsonObject { ["service_type"] = "indexer", ["consumer"] = false });
        var (again, _) = await PutJsonAsync(operatorClient, "/api/v1/principals/sonar",
            new JsonObject { ["service_type"] = "indexer", ["consumer"] = true });
        var (reserved, _) = await PutJsonAsync(operatorClient, "/api/v1/principals/operator", new JsonObject { ["service_type"] = "x" });
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal("service", principal.GetProperty("kind").GetString());
        Assert.Equal(0, principal.GetProperty("keys").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, reserved.StatusCode);

        var key = (await PostJsonAsync(operatorClient, "/api/v1/principals/sonar/keys", new JsonObject(), _ct)).Body.GetProperty("key").GetString()!;
        using var sonar = registry.CreateKeyedClient(key);
        var (own, _) = await PostJsonAsync(sonar, "/api/v1/services/register", Registration("sonar", "indexer"), _ct);
        var (other, _) = await PostJsonAsync(sonar, "/api/v1/services/register", Registration("sonar", "download-client"), _ct);
        using var credentials = await sonar.GetAsync("/api/v1/download-clients?include=credentials", _ct);
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, credentials.StatusCode); // consumer since the second PUT
    }

    private async Task<(HttpResponseMessage Response, JsonElement Body)> PutJsonAsync(HttpClient client, string path, JsonObject body)
    {
        var response = await client.PutAsJsonAsync(path, body, _ct);
        var text = await response.Content.ReadAsStringAsync(_ct);
        return (response, JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task SeedingAddsANewConfiguredKeyButNeverRevivesARetiredOneNorAddsAThird()
    {
        var logs = new LogCapture();
        await using var registry = await InProcessRegistry.StartAsync(graph, TimeProvider.System, _ct, ServiceKeys.Settings());
        using var operatorClient = registry.CreateKeyedClient();

        // A restart with a new configured key for haul: added next to the first (the service can move to it).
        const string Second = "haul-second-key-0a1b2c3d4e5f";
        var withSecond = new Dictionary<string, string>(ServiceKeys.Settings()) { ["Registry:Principals:haul:Key"] = Second };
        await using (var restarted = registry.StartAnother(TimeProvider.System, withSecond))
        {
            using var second = restarted.CreateKeyedClient(Second);
            using var first = restarted.CreateKeyedClient(ServiceKeys.Haul);
            Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/v1/services", _ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/v1/services", _ct)).StatusCode);
        }

        // A third configured key while two are active: not added, with a warning naming the principal.
        const string Third = "haul-third-key-9f8e7d6c5b4a";
        var withThird = new Dictionary<string, string>(ServiceKeys.Settings()) { ["Registry:Principals:haul:Key"] = Third };
        await using (var restarted = registry.StartAnother(TimeProvider.System, withThird, logs.AddTo))
        {
            using var third = restarted.CreateKeyedClient(Third);
            Assert.Equal(HttpStatusCode.Unauthorized, (await third.GetAsync("/api/v1/services", _ct)).StatusCode);
            Assert.Contains(logs.Messages("ConfiguredKeyNotAdded"), m => m.Contains("haul", StringComparison.Ordinal));
        }

        // The first key retired, then configured again: it stays retired.
        var keys = (await GetJsonAsync(operatorClient, "/api/v1/principals", _ct)).EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "haul").GetProperty("keys");
        using (var retire = await operatorClient.DeleteAsync($"/api/v1/principals/haul/keys/{keys[0].GetProperty("id").GetString()}", _ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, retire.StatusCode);
        }

        await using (var restarted = registry.StartAnother(TimeProvider.System, ServiceKeys.Settings(), logs.AddTo))
        {
            using var retired = restarted.CreateKeyedClient(ServiceKeys.Haul);
            Assert.Equal(HttpStatusCode.Unauthorized, (await retired.GetAsync("/api/v1/services", _ct)).StatusCode);
            Assert.Contains(logs.Messages("ConfiguredKeyRetired"), m => m.Contains("haul", StringComparison.Ordinal));
        }

        Assert.DoesNotContain(logs.Lines, l => l.Message.Contains(ServiceKeys.Haul, StringComparison.Ordinal)
            || l.Message.Contains(Second, StringComparison.Ordinal) || l.Message.Contains(Third, StringComparison.Ordinal));
    }

    [Fact]
    public async Task InstancesSeedingAtOnceStoreEachKeyOnce()
    {
        await using var first = await InProcessRegistry.StartAsync(graph, TimeProvider.System, _ct, ServiceKeys.Settings());
        var others = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => first.StartAnother(TimeProvider.System, ServiceKeys.Settings()))));
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(first.DatabaseConnectionString);
            await using var count = dataSource.CreateCommand("SELECT count(*), count(DISTINCT key_hash) FROM principal_keys");
            await using var reader = await count.ExecuteReaderAsync(_ct);
            await reader.ReadAsync(_ct);
            Assert.Equal(4, reader.GetInt64(0)); // the operator, haul, pilot and indexer
            Assert.Equal(4, reader.GetInt64(1));
        }
        finally
        {
            foreach (var other in others)
            {
                await other.DisposeAsync();
            }
        }
    }

    [Theory]
    [InlineData("Registry:Principals:haul:Key", "haul-key-3f9a1c7e5b2d4086", "Registry:Principals:haul:ServiceType")]
    [InlineData("Registry:Principals:haul:ServiceType", "download-client", "Registry:Principals:haul:Key")]
    [InlineData("Registry:Principals:operator:ServiceType", "x", "Registry:Principals:operator")]
    public async Task APrincipalThatCannotBeSeededStopsTheRegistryNamingTheSetting(string setting, string value, string named)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var registry = await InProcessRegistry.StartAsync(graph, TimeProvider.System, _ct,
                new Dictionary<string, string> { [setting] = value });
        });

        Assert.Contains(named, error.ToString());
    }

    [Theory]
    [InlineData("short-key")]
    [InlineData(GraphFixture.ApiKey)]
    public async Task AShortOrSharedConfiguredKeyStopsTheRegistry(string key)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var registry = await InProcessRegistry.StartAsync(graph, TimeProvider.System, _ct, new Dictionary<string, string>
            {
                ["Registry:Principals:haul:ServiceType"] = "download-client",
                ["Registry:Principals:haul:Key"] = key,
            });
        });

        Assert.Contains("Registry:Principals:haul:Key", error.ToString());
        Assert.DoesNotContain(key, error.ToString().Replace("Registry:Principals:haul:Key", "", StringComparison.Ordinal));
    }
}
