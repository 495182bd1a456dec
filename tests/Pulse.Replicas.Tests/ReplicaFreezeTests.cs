using System.Diagnostics;
using System.Net;
using Pulse.ServiceDefaults;
using StackExchange.Redis;

namespace Pulse.Replicas.Tests;

/// <summary>
/// One replica frozen (SIGSTOP, as a hung process or a paused VM) for longer than a lease: the others carry on, and the
/// frozen one, thawed, converges without moving any lease backwards.
/// </summary>
public sealed class ReplicaFreezeTests(ReplicaGraphFixture graph)
{
    private const int SteadyCount = 10;
    private const int HeldCount = 6;
    private const int PublicProbes = 30;
    private static readonly TimeSpan FrozenFor = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task AReplicaFrozenForLongerThanALeaseLeavesTheOthersServingAndConvergesOnceThawed()
    {
        var clock = Stopwatch.StartNew();
        var prefix = TestServices.NewPrefix("freeze");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(graph.RedisConnectionString);
        var (a, b, frozenReplica) = (graph.Replicas[0], graph.Replicas[1], graph.Replicas[2]);
        var key = ReplicaGraphFixture.ApiKey;
        using var toA = Clients.Of(graph.Graph.TargetEndpoint(a), key, TimeSpan.FromSeconds(10));
        using var toB = Clients.Of(graph.Graph.TargetEndpoint(b), key, TimeSpan.FromSeconds(10));
        using var toFrozen = Clients.Of(graph.Graph.TargetEndpoint(frozenReplica), key, TimeSpan.FromSeconds(10));
        var setup = new Tally();
        var cursor = await EventFeed.CursorAsync(toA, _ct);

        // Steady services heartbeat through A and B all along; held ones through the replica to be frozen until it is,
        // so it holds renewals of theirs in memory, maybe not yet written, when it stops.
        var steady = await Task.WhenAll(Enumerable.Range(0, SteadyCount).Select(i =>
            TestServices.RegisterAsync(i % 2 == 0 ? toA : toB, $"{prefix}steady-{i:00}", setup, _ct)));
        var held = await Task.WhenAll(Enumerable.Range(0, HeldCount).Select(i => TestServices.RegisterAsync(toFrozen, $"{prefix}held-{i}", setup, _ct)));
        await using var steadyHeartbeats = new HeartbeatTraffic(steady, i => i % 2 == 0 ? toA : toB, ReplicaGraphFixture.HeartbeatInterval);
        await using var heldHeartbeats = new HeartbeatTraffic(held, _ => toFrozen, ReplicaGraphFixture.HeartbeatInterval);
        await using var leases = new LeaseWatch(graph.PostgresConnectionString, [.. steady, .. held]);
        await Eventually.HoldsAsync(() => Task.FromResult(heldHeartbeats.Rounds >= 2), _ct, what: "Two rounds through the replica to freeze");
        var heldRounds = heldHeartbeats.Rounds;
        await Eventually.HoldsAsync(() => Task.FromResult(heldHeartbeats.Rounds > heldRounds), _ct, what: "A round just finished");

        using var frozen = graph.Graph.Freeze(frozenReplica);
        var frozenAt = clock.Elapsed;

        // The next round of the held services goes to A (it starts with the next tick, 2 s after the last).
        heldHeartbeats.Route = _ => toA;
        var silent = await TestServices.RegisterAsync(toB, prefix + "silent", setup, _ct);

        // The public port while one of three replicas is frozen: each probe on a connection of its own.
        var probes = await ProbePublicPortAsync();

        // Registrations and reads through the others work, and they agree.
        string[] during;
        try
        {
            during = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => TestServices.RegisterAsync(i % 2 == 0 ? toA : toB, $"{prefix}during-{i}", setup, _ct)));
        }
        catch (HttpRequestException exception)
        {
            // Which replica stopped answering, and whether its process is still there.
            Assert.Fail($"A replica not frozen did not answer ({exception.Message}): " + string.Join("; ", graph.Replicas.Select(r =>
                $"{r} at {toA.BaseAddress} / {toB.BaseAddress}: processes {string.Join(",", graph.Graph.ProcessesOf(r).Select(p => p.Pid))}")));
            throw;
        }

        foreach (var id in during)
        {
            using var readA = await toA.GetAsync($"/api/v1/services/{id}", _ct);
            using var readB = await toB.GetAsync($"/api/v1/services/{id}", _ct);
            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (readA.StatusCode, readB.StatusCode));
        }

        await using var duringHeartbeats = new HeartbeatTraffic(during, i => i % 2 == 0 ? toB : toA, ReplicaGraphFixture.HeartbeatInterval);

        // The sweep still runs: the silent service goes offline, though the frozen replica may hold its lease book.
        await Eventually.HoldsAsync(async () => (await TestServices.ListAsync(toA, prefix + "silent", _ct)).Single().Value.Status == "offline",
            _ct, what: "The silent service to be marked offline");
        var offlineAfter = clock.Elapsed - frozenAt;

        // Frozen for longer than a lease, while the others keep the heartbeating services online.
        var rounds = steadyHeartbeats.Rounds;
        await Eventually.HoldsAsync(() => Task.FromResult(clock.Elapsed - frozenAt >= FrozenFor && steadyHeartbeats.Rounds >= rounds + 3),
            _ct, within: FrozenFor * 4, what: "The freeze to last");
        var duringFreeze = await TestServices.ListAsync(toA, prefix, _ct);
        Assert.Equal(TestServices.Show(duringFreeze), TestServices.Show(await TestServices.ListAsync(toB, prefix, _ct)));
        Assert.All(duringFreeze.Where(pair => pair.Key != silent), pair => Assert.Equal("online", pair.Value.Status));

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"freeze: public port probes ({PublicProbes}, {ProbeTimeout.TotalSeconds:0} s timeout, one connection each): {probes}; " +
            $"the silent service offline {offlineAfter.TotalSeconds:0.0} s into the freeze; frozen {(clock.Elapsed - frozenAt).TotalSeconds:0.0} s");

        // Thawed: its heartbeats go to it again, and what it kept in memory must move no lease backwards.
        frozen.Dispose();
        heldHeartbeats.Route = _ => toFrozen;
        var thawedRounds = heldHeartbeats.Rounds;
        await Eventually.HoldsAsync(() => Task.FromResult(heldHeartbeats.Rounds >= thawedRounds + 3), _ct, what: "Heartbeats through the thawed replica");

        var services = await TestServices.ListAsync(toA, prefix, _ct);
        Assert.Equal(SteadyCount + HeldCount + during.Length + 1, services.Count);
        await Converged.ListsAsync(toFrozen, toA, prefix, cursor, _ct);
        Assert.All(services.Where(pair => pair.Key != silent), pair => Assert.Equal("online", pair.Value.Status));
        Assert.Equal("offline", services[silent].Status);

        // Frozen for longer than Registry:InstanceGoneAfter, it may have lost its consumer group to the others' cleanup;
        // it makes it again.
        await Eventually.HoldsAsync(async () => (await redis.GetDatabase().StreamGroupInfoAsync("pulse:registry:events"))
            .Any(group => group.Name == "registry:" + ReplicaGraphFixture.InstanceNameOf(frozenReplica)), _ct, what: "The thawed replica's consumer group");

        leases.ThrowIfBroken();
        Assert.True(leases.Backwards.Count == 0, "Leases moved backwards: " + string.Join("; ", leases.Backwards));

        // The feed: no gap, and of the test's services only registrations and the silent one's single offline.
        var events = await EventFeed.ReadAsync(toA, cursor, _ct);
        Assert.Empty(EventFeed.Gaps(events, cursor));
        var mine = events.Where(e => services.ContainsKey(e.EventKey["service:".Length..])).ToList();
        Assert.Equal(services.Count, mine.Count(e => e.Type == "service.registered"));
        Assert.Equal($"service.offline service:{silent}", string.Join(", ", mine.Where(e => e.Type != "service.registered").Select(e => $"{e.Type} {e.EventKey}")));
        Assert.True(steadyHeartbeats.Outcomes["ok"] > 0 && steadyHeartbeats.Outcomes.Sum("status") + steadyHeartbeats.Outcomes["unanswered"] == 0,
            $"Steady heartbeats: {steadyHeartbeats.Outcomes}");

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"freeze: heartbeats steady {steadyHeartbeats.Outcomes}; held {heldHeartbeats.Outcomes}; during {duringHeartbeats.Outcomes}; " +
            $"lease reads {leases.Reads}; events {events.Count}; test {clock.Elapsed.TotalSeconds:0.0} s");
    }

    // Requests through the public port, each on a new connection with a short timeout: how many the frozen replica holds.
    private async Task<string> ProbePublicPortAsync()
    {
        var answers = new Tally();
        await Task.WhenAll(Enumerable.Range(0, PublicProbes).Select(async _ =>
        {
            using var client = Clients.Of(graph.Graph.Endpoint(PulseResources.Registry), ReplicaGraphFixture.ApiKey, ProbeTimeout);
            try
            {
                using var response = await client.GetAsync("/api/v1/services?status=offline", _ct);
                answers.Add(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (TaskCanceledException) when (!_ct.IsCancellationRequested)
            {
                answers.Add("timed out");
            }
            catch (HttpRequestException exception)
            {
                answers.Add("error " + exception.HttpRequestError);
            }
        }));
        return answers.ToString();
    }
}
