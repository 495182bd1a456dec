using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Pulse.ServiceDefaults;

namespace Pulse.Replicas.Tests;

/// <summary>
/// One replica killed (SIGKILL, as a crash) while services heartbeat, consumers follow the registry, grabs go through
/// Pilot and relay messages flow, all through the shared public port: nothing is lost, and the replica, started again,
/// rejoins.
/// </summary>
public sealed class ReplicaKillTests(ReplicaGraphFixture graph)
{
    private const int ServiceCount = 50;
    private const int LateCount = 5;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task AReplicaKilledInTheMiddleOfTrafficLosesNoServiceEventGrabOrMessageAndRejoinsWhenStartedAgain()
    {
        var clock = Stopwatch.StartNew();
        var prefix = TestServices.NewPrefix("kill");
        var victim = graph.Replicas[0];
        var survivor = graph.Replicas[1];
        using var registry = Clients.Of(graph.Graph.Endpoint(PulseResources.Registry), ReplicaGraphFixture.ApiKey, TimeSpan.FromSeconds(10));
        var setup = new Tally();
        var cursor = await EventFeed.CursorAsync(registry, _ct);
        var ids = await Task.WhenAll(Enumerable.Range(0, ServiceCount).Select(i => TestServices.RegisterAsync(registry, $"{prefix}{i:00}", setup, _ct)));
        var relayService = await TestServices.RegisterAsync(registry, prefix + "relay", setup, _ct, poll: true);
        var samples = (await registry.GetFromJsonAsync<JsonElement[]>("/api/v1/services", _ct))!
            .Where(s => s.GetProperty("name").GetString() is PulseResources.Haul or PulseResources.Pilot or PulseResources.Prism)
            .ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("name").GetString()!);
        Assert.Equal(3, samples.Count);

        using var pilot = graph.Sample(PulseResources.Pilot);
        using var prism = graph.Sample(PulseResources.Prism);
        using var haul = graph.Sample(PulseResources.Haul);
        await using var pilotWatch = await ConsumerWatch.StartAsync(pilot, PulseResources.Haul, _ct);
        await using var prismWatch = await ConsumerWatch.StartAsync(prism, PulseResources.Haul, _ct);
        await using var heartbeats = new HeartbeatTraffic([.. ids, relayService], _ => registry, ReplicaGraphFixture.HeartbeatInterval);
        await using var relay = new RelayTraffic(registry, relayService);
        await using var grabs = new GrabTraffic(pilot);
        await Eventually.HoldsAsync(() => Task.FromResult(StillRunning(relay, grabs) && heartbeats.Rounds >= 2 && relay.Completions.Count >= 5 && grabs.Grabs.Count >= 3),
            _ct, what: "Traffic to flow before the kill");

        var restarted = false;
        try
        {
            var before = (Rounds: heartbeats.Rounds, Messages: relay.Completions.Count, Grabs: grabs.Grabs.Count, At: clock.Elapsed);
            await graph.Graph.KillAsync(victim, _ct);

            // Changes made while the replica is down, which it must see once it is back.
            var late = await Task.WhenAll(Enumerable.Range(0, LateCount).Select(i => TestServices.RegisterAsync(registry, $"{prefix}late-{i}", setup, _ct)));
            await using var lateHeartbeats = new HeartbeatTraffic(late, _ => registry, ReplicaGraphFixture.HeartbeatInterval);

            // Traffic goes on for longer than a lease (4 rounds of 2 s against 6 s) and a sweep after it.
            await Eventually.HoldsAsync(() => Task.FromResult(StillRunning(relay, grabs) && heartbeats.Rounds >= before.Rounds + 4
                && relay.Completions.Count >= before.Messages + 10 && grabs.Grabs.Count >= before.Grabs + 5), _ct, what: "Traffic to flow after the kill");
            await grabs.StopAsync();
            await relay.StopSendingAsync();
            await Eventually.HoldsAsync(() => Task.FromResult(StillRunning(relay, grabs) && relay.Posted.Values.All(relay.Completions.ContainsKey)),
                _ct, what: "Every relay message to be completed");
            var killPhase = clock.Elapsed - before.At;

            // Every message completed once, and the registry agrees.
            Assert.Equal(relay.Posted.Count, relay.Completions.Count);
            Assert.All(relay.Completions, pair => Assert.Equal(1, pair.Value));
            foreach (var message in relay.Posted.Values)
            {
                Assert.Equal("completed", (await relay.StateAsync(message)).GetProperty("status").GetString());
            }

            // Every grab delivered once: sent (or completed), and its torrent in Haul exactly once.
            foreach (var grab in grabs.Grabs.Keys)
            {
                await Eventually.HoldsAsync(async () => (await pilot.GetFromJsonAsync<JsonElement>($"/api/v1/grabs/{grab}", _ct))
                    .GetProperty("status").GetString() is "sent" or "completed", _ct, what: $"Grab {grab} to be delivered");
            }

            var torrents = (await haul.GetFromJsonAsync<JsonElement[]>("/api/v1/torrents", _ct))!.Select(t => t.GetProperty("info_hash").GetString()!).ToList();
            Assert.All(grabs.Grabs.Values, hash => Assert.Single(torrents, hash));

            // The consumers kept exactly their download clients (Haul's entry, online) at every read.
            Assert.Empty(pilotWatch.Differences);
            Assert.Empty(prismWatch.Differences);

            // Started again, the replica serves at its own address and sees what changed while it was down.
            var restart = Stopwatch.StartNew();
            await graph.Graph.StartResourceAsync(victim, _ct);
            restarted = true;
            restart.Stop();
            using var rejoined = graph.Replica(victim);
            using var other = graph.Replica(survivor);
            await Converged.ListsAsync(rejoined, other, prefix, cursor, _ct);

            // Heartbeats sent to it keep services online: half of them go to it alone for longer than a lease.
            using var toRejoined = Clients.Of(graph.Graph.TargetEndpoint(victim), ReplicaGraphFixture.ApiKey, TimeSpan.FromSeconds(10));
            heartbeats.Route = i => i % 2 == 0 ? toRejoined : registry;
            var rounds = heartbeats.Rounds;
            await Eventually.HoldsAsync(() => Task.FromResult(heartbeats.Rounds >= rounds + 4), _ct, what: "Heartbeats through the rejoined replica");

            // No service went offline: every one online, and no event but its registration (and the download client
            // entries of none: the test's type is no download client) in the feed.
            var services = await TestServices.ListAsync(registry, prefix, _ct);
            Assert.Equal(ServiceCount + LateCount + 1, services.Count);
            Assert.All(services, pair => Assert.Equal("online", pair.Value.Status));
            var events = await EventFeed.ReadAsync(registry, cursor, _ct);
            Assert.Empty(EventFeed.Gaps(events, cursor));
            var mine = events.Where(e => services.ContainsKey(e.EventKey["service:".Length..])).ToList();
            Assert.Equal($"service.registered: {services.Count}",
                string.Join(", ", mine.GroupBy(e => e.Type).Select(group => $"{group.Key}: {group.Count()}")));
            Assert.Equal(services.Keys.Order(StringComparer.Ordinal), mine.Select(e => e.EventKey["service:".Length..]).Order(StringComparer.Ordinal));
            Assert.DoesNotContain(events, e => samples.ContainsKey(e.EventKey["service:".Length..]) && e.Type == "service.offline");
            Assert.True(heartbeats.Outcomes.Sum("status") + heartbeats.Outcomes["unanswered"] + lateHeartbeats.Outcomes.Sum("status") + lateHeartbeats.Outcomes["unanswered"] == 0,
                $"Every heartbeat answered 204 (after retries): {heartbeats.Outcomes}; late services: {lateHeartbeats.Outcomes}");

            TestContext.Current.TestOutputHelper?.WriteLine(
                $"kill: {ServiceCount + LateCount} services; heartbeats {heartbeats.Outcomes}; late services' {lateHeartbeats.Outcomes}; " +
                $"relay: {relay.Posted.Count} messages, {relay.Outcomes}; grabs: {grabs.Grabs.Count} ({grabs.Answers}); setup {setup}; " +
                $"consumer reads {pilotWatch.Reads} + {prismWatch.Reads}; events {events.Count}; traffic after the kill {killPhase.TotalSeconds:0.0} s; " +
                $"restart {restart.Elapsed.TotalSeconds:0.0} s; test {clock.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            if (!restarted)
            {
                await graph.Graph.StartResourceAsync(victim, CancellationToken.None);
            }
        }
    }

    // For the waits' conditions: rethrows what broke a traffic loop, so a failure shows at once, not at the wait's deadline.
    private static bool StillRunning(RelayTraffic relay, GrabTraffic grabs)
    {
        relay.ThrowIfBroken();
        grabs.ThrowIfBroken();
        return true;
    }
}
