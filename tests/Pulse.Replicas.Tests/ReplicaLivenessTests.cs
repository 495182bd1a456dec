using System.Net;
using static Pulse.Replicas.Tests.ReplicaRequests;

namespace Pulse.Replicas.Tests;

/// <summary>Leases with three instances: a heartbeat counts wherever it lands, and a lapse is recorded once.</summary>
public sealed class ReplicaLivenessTests(ReplicaGraphFixture graph)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task HeartbeatsThatAlternateBetweenInstancesKeepTheLeaseLiveForSeveralLeasePeriods()
    {
        var clients = graph.Replicas.Select(r => graph.Replica(r)).ToList();
        try
        {
            var cursor = await CursorAsync(clients[0], _ct);
            var id = await RegisterAsync(clients[0], Registration(UniqueName("alt"), "download-client"), _ct);

            // One heartbeat per interval, each through the next instance, for four lease periods; after each, every
            // instance reports the service online.
            var rounds = (int)(4 * ReplicaGraphFixture.LeasePeriod / ReplicaGraphFixture.HeartbeatInterval);
            using var interval = new PeriodicTimer(ReplicaGraphFixture.HeartbeatInterval);
            for (var round = 0; round < rounds; round++)
            {
                await interval.WaitForNextTickAsync(_ct);
                Assert.Equal(HttpStatusCode.NoContent, await HeartbeatAsync(clients[(round + 1) % clients.Count], id, _ct));
                for (var i = 0; i < clients.Count; i++)
                {
                    Assert.True(await StatusAsync(clients[i], id, _ct) == "online", $"round {round}: offline through {graph.Replicas[i]}");
                }
            }

            // The feed, read through every instance, never saw it go offline: it was registered, and nothing since.
            foreach (var client in clients)
            {
                var events = await EventsOfAsync(client, cursor, $"service:{id}", _ct);
                Assert.Equal(["service.registered"], events.Select(e => e.Type));
            }

            await LeaveAsync(clients[2], id);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task LapsedServicesAreMarkedOfflineOnceNotOncePerInstance()
    {
        var clients = graph.Replicas.Select(r => graph.Replica(r)).ToList();
        try
        {
            var cursor = await CursorAsync(clients[0], _ct);

            // Six services, three of them download clients, each registered through one instance and heartbeating
            // through the others, so every instance holds its lease in memory before it lapses.
            var ids = new List<(string Id, bool DownloadClient)>();
            for (var i = 0; i < 6; i++)
            {
                var downloadClient = i % 2 == 0;
                var id = await RegisterAsync(clients[i % 3], Registration(UniqueName("lapse"), downloadClient ? "download-client" : "media-manager"), _ct);
                ids.Add((id, downloadClient));
            }

            foreach (var (id, _) in ids)
            {
                foreach (var client in clients)
                {
                    Assert.Equal(HttpStatusCode.NoContent, await HeartbeatAsync(client, id, _ct));
                }
            }

            // They stop: each goes offline, as every instance reports and as the feed records.
            foreach (var (id, _) in ids)
            {
                foreach (var client in clients)
                {
                    await Eventually.ReturnsAsync(() => StatusAsync(client, id, _ct), status => status == "offline", _ct,
                        within: TimeSpan.FromSeconds(60), what: $"{id} offline");
                }

                await Eventually.HoldsAsync(
                    async () => (await EventsOfAsync(clients[0], cursor, $"service:{id}", _ct)).Any(e => e.Type == "service.offline"),
                    _ct, within: TimeSpan.FromSeconds(60), what: $"The sweep records {id} offline");
            }

            // Every instance sweeps each second; a marker that lapses only now is recorded after several more sweeps of
            // each, so a second record of the first six would be in the feed by then.
            var marker = await RegisterAsync(clients[1], Registration(UniqueName("marker")), _ct);
            await Eventually.HoldsAsync(
                async () => (await EventsOfAsync(clients[2], cursor, $"service:{marker}", _ct)).Any(e => e.Type == "service.offline"),
                _ct, within: TimeSpan.FromSeconds(60), what: "The sweep records the marker offline");

            foreach (var client in clients)
            {
                var until = await CursorAsync(client, _ct);
                var feed = await ReadFeedAsync(client, cursor, until, _ct, pageSize: 500);
                foreach (var (id, downloadClient) in ids)
                {
                    var events = feed.Where(e => e.Key == $"service:{id}").Select(e => e.Type).ToList();
                    Assert.Equal(["service.registered", "service.offline"], events);
                    if (downloadClient)
                    {
                        var entryKey = feed.Single(e => e.Type == "download_client.created" && feed.Any(r => r.Id == e.Id - 1 && r.Key == $"service:{id}")).Key;
                        Assert.Equal(["download_client.created", "download_client.updated"], feed.Where(e => e.Key == entryKey).Select(e => e.Type));
                    }
                }
            }
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task AServiceThatLeftThroughOneInstanceIsBroughtBackOnlineByHeartbeatsThroughAnother()
    {
        var clients = graph.Replicas.Select(r => graph.Replica(r)).ToList();
        try
        {
            var cursor = await CursorAsync(clients[0], _ct);
            var id = await RegisterAsync(clients[0], Registration(UniqueName("back")), _ct);

            // The second instance renews it in memory; then it leaves through the first.
            Assert.Equal(HttpStatusCode.NoContent, await HeartbeatAsync(clients[1], id, _ct));
            using (var left = await clients[0].PostAsync($"/api/v1/services/{id}/leave", null, _ct))
            {
                Assert.Equal(HttpStatusCode.NoContent, left.StatusCode);
            }

            Assert.Equal("offline", await StatusAsync(clients[1], id, _ct));

            // It heartbeats again, through the second instance, at its interval: online again, through every instance.
            using var interval = new PeriodicTimer(ReplicaGraphFixture.HeartbeatInterval);
            await Eventually.HoldsAsync(async () =>
            {
                await interval.WaitForNextTickAsync(_ct);
                Assert.Equal(HttpStatusCode.NoContent, await HeartbeatAsync(clients[1], id, _ct));
                foreach (var client in clients)
                {
                    if (await StatusAsync(client, id, _ct) != "online")
                    {
                        return false;
                    }
                }

                return true;
            }, _ct, within: ReplicaGraphFixture.LeasePeriod * 2, what: "Online again through every instance");

            var events = await EventsOfAsync(clients[2], cursor, $"service:{id}", _ct);
            Assert.Equal(["service.registered", "service.left", "service.online"], events.Select(e => e.Type));
            await LeaveAsync(clients[2], id);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task AServiceDeletedThroughOneInstanceIsUnknownToHeartbeatsThroughAnother()
    {
        var clients = graph.Replicas.Select(r => graph.Replica(r)).ToList();
        try
        {
            var id = await RegisterAsync(clients[0], Registration(UniqueName("gone")), _ct);
            Assert.Equal(HttpStatusCode.NoContent, await HeartbeatAsync(clients[1], id, _ct));
            using (var deleted = await clients[0].DeleteAsync($"/api/v1/services/{id}", _ct))
            {
                Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            }

            // Its next heartbeats, through the instance that renewed it, are 404 (so it registers again) within an
            // interval or two, never 204 for good.
            using var interval = new PeriodicTimer(ReplicaGraphFixture.HeartbeatInterval);
            await Eventually.HoldsAsync(async () =>
            {
                await interval.WaitForNextTickAsync(_ct);
                return await HeartbeatAsync(clients[1], id, _ct) == HttpStatusCode.NotFound;
            }, _ct, within: ReplicaGraphFixture.LeasePeriod * 2, what: "A heartbeat of the deleted service is 404");
            foreach (var client in clients)
            {
                Assert.Null(await StatusAsync(client, id, _ct));
            }
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    /// <summary>Ends a test's service at once, so that its lapse changes nothing during a later test.</summary>
    private async Task LeaveAsync(HttpClient client, string id)
    {
        using var left = await client.PostAsync($"/api/v1/services/{id}/leave", null, _ct);
        Assert.Equal(HttpStatusCode.NoContent, left.StatusCode);
    }
}
