using System.Net;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Pulse.Registry.Liveness;
using static Pulse.Registry.Tests.TestData;

namespace Pulse.Registry.Tests;

/// <summary>Leases on a FakeTimeProvider, against real PostgreSQL: 30 s heartbeats, a 90 s lease.</summary>
public sealed class LivenessTests(GraphFixture graph)
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Registry:HeartbeatInterval"] = "00:00:30",
        ["Registry:LeaseIntervals"] = "3",
        ["Registry:SweepInterval"] = "00:00:15",
        ["Registry:RemoveOfflineAfter"] = "00:02:00",
    };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task AServiceIsOfflineOnceItsLeaseLapsesAndOnlineAgainOnAHeartbeat()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, _time, _ct, Settings);
        using var client = registry.CreateKeyedClient();
        var id = await RegisterAsync(client, Registration(UniqueName()), _ct);

        _time.Advance(TimeSpan.FromSeconds(89));
        Assert.Equal("online", await StatusAsync(client, id));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("offline", await StatusAsync(client, id));

        using var heartbeat = await client.PutAsync($"/api/v1/services/{id}/heartbeat", null, _ct);
        Assert.Equal(HttpStatusCode.NoContent, heartbeat.StatusCode);
        Assert.Equal("online", await StatusAsync(client, id));
    }

    [Fact]
    public async Task HeartbeatsKeepTheLeaseAliveAcrossManyIntervals()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, _time, _ct, Settings);
        using var client = registry.CreateKeyedClient();
        var id = await RegisterAsync(client, Registration(UniqueName()), _ct);

        for (var i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(30));
            using var heartbeat = await client.PutAsync($"/api/v1/services/{id}/heartbeat", null, _ct);
            Assert.Equal(HttpStatusCode.NoContent, heartbeat.StatusCode);
        }

        await registry.Get<LeaseSweeper>().SweepAsync(_ct);
        Assert.Equal("online", await StatusAsync(client, id));
    }

    [Fact]
    public async Task TheSweepRecordsTheLapseAndAHeartbeatBringsTheDownloadClientBack()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, _time, _ct, Settings);
        using var client = registry.CreateKeyedClient();
        var id = await RegisterAsync(client, Registration(UniqueName("haul"), "download-client"), _ct);

        _time.Advance(TimeSpan.FromSeconds(91));
        await registry.Get<LeaseSweeper>().SweepAsync(_ct);
        await Eventually.HoldsAsync(async () => await StoredStatusAsync(registry, id) == "offline", _ct, TimeSpan.FromSeconds(10),
            "the sweep recording offline");
        var entries = await GetJsonAsync(client, "/api/v1/download-clients", _ct);
        Assert.Equal("offline", Assert.Single(entries.EnumerateArray()).GetProperty("status").GetString());

        using var heartbeat = await client.PutAsync($"/api/v1/services/{id}/heartbeat", null, _ct);
        Assert.Equal(HttpStatusCode.NoContent, heartbeat.StatusCode);

        var feed = await GetJsonAsync(client, "/api/v1/events?after=0", _ct);
        Assert.Equal(
            ["service.registered", "download_client.created", "service.offline", "download_client.updated", "service.online", "download_client.updated"],
            feed.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.Equal("online", (await GetJsonAsync(client, "/api/v1/download-clients", _ct))[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task RemoveOfflineAfterRemovesAServiceThatStayedOffline()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, _time, _ct, Settings);
        using var client = registry.CreateKeyedClient();
        var id = await RegisterAsync(client, Registration(UniqueName()), _ct);
        var sweeper = registry.Get<LeaseSweeper>();

        _time.Advance(TimeSpan.FromSeconds(91));
        await sweeper.SweepAsync(_ct);
        await Eventually.HoldsAsync(async () => await StoredStatusAsync(registry, id) == "offline", _ct, TimeSpan.FromSeconds(10),
            "the sweep recording offline");
        _time.Advance(TimeSpan.FromSeconds(100));
        await sweeper.SweepAsync(_ct);
        using (var stillThere = await client.GetAsync($"/api/v1/services/{id}", _ct))
        {
            Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
        }

        _time.Advance(TimeSpan.FromSeconds(30));
        await sweeper.SweepAsync(_ct);

        // The timer's own sweep may hold the row (SKIP LOCKED): either sweep removes it.
        await Eventually.HoldsAsync(async () =>
        {
            using var get = await client.GetAsync($"/api/v1/services/{id}", _ct);
            return get.StatusCode == HttpStatusCode.NotFound;
        }, _ct, TimeSpan.FromSeconds(10), "the removal");
        using var gone = await client.GetAsync($"/api/v1/services/{id}", _ct);
        using var heartbeat = await client.PutAsync($"/api/v1/services/{id}/heartbeat", null, _ct);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, heartbeat.StatusCode);
        var feed = await GetJsonAsync(client, "/api/v1/events?after=0", _ct);
        Assert.Equal("service.removed", feed.GetProperty("events").EnumerateArray().Last().GetProperty("type").GetString());
    }

    [Fact]
    public async Task ByDefaultAServiceOfflineForSevenDaysIsRemovedWithItsDownloadClientEntry()
    {
        var defaults = new Dictionary<string, string>(Settings);
        defaults.Remove("Registry:RemoveOfflineAfter");
        await using var registry = await InProcessRegistry.StartAsync(graph, _time, _ct, defaults);
        using var client = registry.CreateKeyedClient();
        var id = await RegisterAsync(client, Registration(UniqueName("haul"), "download-client"), _ct);
        var kept = await RegisterAsync(client, Registration(UniqueName()), _ct);
        var sweeper = registry.Get<LeaseSweeper>();

        // Both lapse; the second comes back before the seven days are over, so its offline time starts again.
        _time.Advance(TimeSpan.FromSeconds(91));
        await sweeper.SweepAsync(_ct);
        await Eventually.HoldsAsync(async () => await StoredStatusAsync(registry, id) == "offline", _ct, TimeSpan.FromSeconds(10),
            "the sweep recording offline");
        _time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(2));
        using (var heartbeat = await client.PutAsync($"/api/v1/services/{kept}/heartbeat", null, _ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, heartbeat.StatusCode);
        }

        await sweeper.SweepAsync(_ct);
        using (var stillThere = await client.GetAsync($"/api/v1/services/{id}", _ct))
        {
            Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
        }

        _time.Advance(TimeSpan.FromMinutes(3));
        await sweeper.SweepAsync(_ct);

        // The timer's own sweep may hold the row (SKIP LOCKED): either sweep removes it.
        await Eventually.HoldsAsync(async () =>
        {
            using var get = await client.GetAsync($"/api/v1/services/{id}", _ct);
            return get.StatusCode == HttpStatusCode.NotFound;
        }, _ct, TimeSpan.FromSeconds(10), "the removal");
        Assert.Empty((await GetJsonAsync(client, "/api/v1/download-clients", _ct)).EnumerateArray());
        using (var back = await client.GetAsync($"/api/v1/services/{kept}", _ct))
        {
            Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        }

        var events = (await GetJsonAsync(client, "/api/v1/events?after=0", _ct)).GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("event_key").GetString() is var key && key != $"service:{kept}")
            .Select(e => e.GetProperty("type").GetString());
        Assert.Equal(
            ["service.registered", "download_client.created", "service.offline", "download_client.updated", "service.removed", "download_client.deleted"],
            events);
    }

    [Fact]
    public async Task ARestartedRegistryDoesNotMarkLiveServicesOffline()
    {
        var first = await InProcessRegistry.StartAsync(graph, _time, _ct, Settings);
        string id;
        using (var client = first.CreateKeyedClient())
        {
            id = await RegisterAsync(client, Registration(UniqueName()), _ct);
        }

        await first.DisposeAsync();

        // The registry was down for five minutes: every lease lapsed meanwhile.
        _time.Advance(TimeSpan.FromMinutes(5));
        await using var second = first.StartAnother(_time, Settings);
        using var restarted = second.CreateKeyedClient();
        await second.Get<LeaseSweeper>().SweepAsync(_ct);
        Assert.Equal("online", await StatusAsync(restarted, id));

        // The grace is one lease period: a service that does not heartbeat goes offline after it.
        _time.Advance(TimeSpan.FromSeconds(91));
        Assert.Equal("offline", await StatusAsync(restarted, id));
    }

    [Fact]
    public async Task AReplicaStartingBesideARunningOneGrantsNoGrace()
    {
        await using var first = await InProcessRegistry.StartAsync(graph, _time, _ct, Settings);
        using var client = first.CreateKeyedClient();
        var silent = await RegisterAsync(client, Registration(UniqueName()), _ct);
        var beating = await RegisterAsync(client, Registration(UniqueName()), _ct);

        // One service stops heartbeating; the other goes on, through the running instance, until a second one starts.
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(28));
            using var heartbeat = await client.PutAsync($"/api/v1/services/{beating}/heartbeat", null, _ct);
            Assert.Equal(HttpStatusCode.NoContent, heartbeat.StatusCode);
        }

        await first.Get<HeartbeatFlusher>().FlushAsync(_ct);
        await using var second = first.StartAnother(_time, Settings);
        using var secondClient = second.CreateKeyedClient();

        // 84 s after its registration the silent service's lease has 6 s left, and the new instance leaves it so.
        _time.Advance(TimeSpan.FromSeconds(7));
        await second.Get<LeaseSweeper>().SweepAsync(_ct);
        Assert.Equal("offline", await StatusAsync(secondClient, silent));
        Assert.Equal("online", await StatusAsync(secondClient, beating));
    }

    [Fact]
    public async Task HeartbeatRenewalsReachPostgresWithinASecond()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, _time, _ct, Settings);
        using var client = registry.CreateKeyedClient();
        var id = await RegisterAsync(client, Registration(UniqueName()), _ct);
        var registeredLease = await StoredLeaseAsync(registry, id);

        _time.Advance(TimeSpan.FromSeconds(30));
        using (var heartbeat = await client.PutAsync($"/api/v1/services/{id}/heartbeat", null, _ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, heartbeat.StatusCode);
        }

        Assert.Equal(registeredLease, await StoredLeaseAsync(registry, id));
        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.HoldsAsync(async () => await StoredLeaseAsync(registry, id) == registeredLease.AddSeconds(30), _ct,
            what: "the renewal flushed to PostgreSQL");
    }

    [Fact]
    public async Task AFlushLargerThanOneBatchWritesEveryRenewal()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, _time, _ct, Settings);
        using var client = registry.CreateKeyedClient();
        string[] ids = [.. await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => RegisterAsync(client, Registration(UniqueName()), _ct)))];
        var registeredLeases = await Task.WhenAll(ids.Select(id => StoredLeaseAsync(registry, id)));

        _time.Advance(TimeSpan.FromSeconds(30));
        foreach (var id in ids)
        {
            using var heartbeat = await client.PutAsync($"/api/v1/services/{id}/heartbeat", null, _ct);
            Assert.Equal(HttpStatusCode.NoContent, heartbeat.StatusCode);
        }

        var flusher = registry.Get<HeartbeatFlusher>();
        flusher.BatchSize = 2;
        await flusher.FlushAsync(_ct);
        Assert.Equal(registeredLeases.Select(lease => lease.AddSeconds(30)), await Task.WhenAll(ids.Select(id => StoredLeaseAsync(registry, id))));
    }

    [Fact]
    public async Task TheSweepRecordsALapseWhenTheLastRenewalsLeftTheSweepMarkBehind()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, _time, _ct, Settings);
        using var client = registry.CreateKeyedClient();
        var id = await RegisterAsync(client, Registration(UniqueName()), _ct);
        var registeredLease = await StoredLeaseAsync(registry, id);
        var sweeper = registry.Get<LeaseSweeper>();

        // A renewal 10 s in moves the lease by 10 s, less than an interval: the flush leaves the sweep mark behind it.
        _time.Advance(TimeSpan.FromSeconds(10));
        using (var heartbeat = await client.PutAsync($"/api/v1/services/{id}/heartbeat", null, _ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, heartbeat.StatusCode);
        }

        await registry.Get<HeartbeatFlusher>().FlushAsync(_ct);
        Assert.Equal(registeredLease.AddSeconds(10), await StoredLeaseAsync(registry, id));
        Assert.Equal(registeredLease, await StoredAsync<DateTime>(registry, id, "sweep_after"));

        // Past the mark but inside the lease: a candidate for the sweep, and still online.
        _time.Advance(TimeSpan.FromSeconds(85));
        await sweeper.SweepAsync(_ct);
        Assert.Equal("online", await StoredStatusAsync(registry, id));

        _time.Advance(TimeSpan.FromSeconds(5));
        await sweeper.SweepAsync(_ct);
        await Eventually.HoldsAsync(async () => await StoredStatusAsync(registry, id) == "offline", _ct, TimeSpan.FromSeconds(10),
            "the sweep recording offline");
    }

    [Fact]
    public async Task AnInstanceThatRenewsAServiceInMemoryLearnsAtItsFlushThatItLeftOrWasDeletedThroughAnother()
    {
        await using var first = await InProcessRegistry.StartAsync(graph, _time, _ct, Settings);
        await using var second = first.StartAnother(_time, Settings);
        using var one = first.CreateKeyedClient();
        using var two = second.CreateKeyedClient();
        var left = await RegisterAsync(one, Registration(UniqueName()), _ct);
        var deleted = await RegisterAsync(one, Registration(UniqueName()), _ct);

        // Both heartbeat through the second instance, which then renews them in memory.
        await HeartbeatBothAsync();
        _time.Advance(TimeSpan.FromSeconds(10));
        await HeartbeatBothAsync();

        // One leaves and the other is deleted through the first instance; the second still renews them in memory.
        using (var leave = await one.PostAsync($"/api/v1/services/{left}/leave", null, _ct))
        using (var delete = await one.DeleteAsync($"/api/v1/services/{deleted}", _ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, leave.StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        // Its next flush (on its timer as the clock moves, or this one) writes their pending renewals, finds them offline
        // and gone, and corrects its entries: their next heartbeats go to PostgreSQL, which brings the first back online
        // and knows the second no more (404: the service registers again).
        _time.Advance(TimeSpan.FromSeconds(10));
        await second.Get<HeartbeatFlusher>().FlushAsync(_ct);
        using (var back = await two.PutAsync($"/api/v1/services/{left}/heartbeat", null, _ct))
        using (var unknown = await two.PutAsync($"/api/v1/services/{deleted}/heartbeat", null, _ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, back.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        Assert.Equal("online", await StatusAsync(one, left));
        Assert.Equal("online", await StoredStatusAsync(first, left));

        async Task HeartbeatBothAsync()
        {
            foreach (var id in new[] { left, deleted })
            {
                using var heartbeat = await two.PutAsync($"/api/v1/services/{id}/heartbeat", null, _ct);
                Assert.Equal(HttpStatusCode.NoContent, heartbeat.StatusCode);
            }
        }
    }

    private async Task<string?> StatusAsync(HttpClient client, string id) =>
        (await GetJsonAsync(client, $"/api/v1/services/{id}", _ct)).GetProperty("status").GetString();

    private Task<string> StoredStatusAsync(InProcessRegistry registry, string id) => StoredAsync<string>(registry, id, "status");

    private Task<DateTime> StoredLeaseAsync(InProcessRegistry registry, string id) => StoredAsync<DateTime>(registry, id, "lease_expires_at");

    private async Task<T> StoredAsync<T>(InProcessRegistry registry, string id, string column)
    {
        await using var connection = new NpgsqlConnection(registry.DatabaseConnectionString);
        await connection.OpenAsync(_ct);
        await using var select = new NpgsqlCommand($"SELECT {column} FROM services WHERE id = '{Guid.Parse(id)}'", connection);
        return (T)(await select.ExecuteScalarAsync(_ct))!;
    }
}
