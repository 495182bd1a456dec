using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Pulse.Registry.Relay;

namespace Pulse.Registry.Tests;

/// <summary>The relay in-process against real PostgreSQL, with leases on a FakeTimeProvider.</summary>
public sealed class RelayTests(GraphFixture graph)
{
    // The timers' own sweeps never fire: each test drives the sweep itself.
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Registry:SweepInterval"] = "1.00:00:00",
        ["Relay:LeaseDuration"] = "00:01:00",
        ["Relay:MaxAttempts"] = "3",
    };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task AMessageToAPollModeServiceIsStoredAndAppearsInItsDeliveryLog()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, _time, _ct, Settings);
        using var client = registry.CreateKeyedClient();
        var relay = await RelayCalls.RegisterPollServiceAsync(client, _ct);

        var (status, accepted) = await relay.PostAsync("torrent.add", "grab-1", new JsonObject { ["uri"] = "magnet:?xt=urn:btih:abc", ["n"] = 1.5 });

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("pending", accepted.GetProperty("status").GetString());
        var (deliveryStatus, page) = await relay.DeliveriesAsync("after=0");
        Assert.Equal(HttpStatusCode.OK, deliveryStatus);
        var delivery = Assert.Single(page.GetProperty("deliveries").EnumerateArray());
        Assert.Equal("1", delivery.GetProperty("delivery_id").GetString());
        Assert.Equal(accepted.GetProperty("message_id").GetString(), delivery.GetProperty("message_id").GetString());
        Assert.Equal(1, delivery.GetProperty("attempt").GetInt32());
        Assert.Equal("torrent.add", delivery.GetProperty("type").GetString());
        Assert.Equal("grab-1", delivery.GetProperty("key").GetString());
        Assert.Equal("""{"uri":"magnet:?xt=urn:btih:abc","n":1.5}""", delivery.GetProperty("payload").GetRawText());
        Assert.Equal("1", page.GetProperty("next_cursor").GetString());

        var (_, empty) = await relay.DeliveriesAsync("after=1");
        Assert.Empty(empty.GetProperty("deliveries").EnumerateArray());
        Assert.Equal("1", empty.GetProperty("next_cursor").GetString());
    }

    [Fact]
    public async Task TheSameKeyTwiceBeforeCompletionIsOneMessageWithItsFirstPayload()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, _time, _ct, Settings);
        using var client = registry.CreateKeyedClient();
        var relay = await RelayCalls.RegisterPollServiceAsync(client, _ct);

        var first = await relay.PostNewAsync("torrent.add", "grab-1", new JsonObject { ["v"] = 1 });
        var (status, again) = await relay.PostAsync("torrent.add", "grab-1", new JsonObject { ["v"] = 2 });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(first, again.GetProperty("message_id").GetString());

        var epoch = await relay.ClaimAsync(first);
        var (claimedStatus, whileClaimed) = await relay.PostAsync("torrent.add", "grab-1", new JsonObject { ["v"] = 3 });
        Assert.Equal(HttpStatusCode.OK, claimedStatus);
        Assert.Equal("claimed", whileClaimed.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await relay.CompleteAsync(first, epoch)).Status);

        Assert.Equal(1, (await relay.MessageAsync(first)).GetProperty("payload").GetProperty("v").GetInt32());
        Assert.Equal("1", (await relay.LogAsync()).Next); // one delivery was ever appended

        // Once it finished, the key is free again: a new message.
        var second = await relay.PostNewAsync("torrent.add", "grab-1", new JsonObject { ["v"] = 4 });
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task ConcurrentPostsWithOneKeyStoreOneMessage()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, _time, _ct, Settings);
        using var client = registry.CreateKeyedClient();
        var relay = await RelayCalls.RegisterPollServiceAsync(client, _ct);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => relay.PostAsync("torrent.add", "same", new JsonObject { ["i"] = i }), _ct)));

        Assert.Single(answers, a => a.Status == HttpStatusCode.Accepted);
        Assert.Equal(19, answers.Count(a => a.Status == HttpStatusCode.OK));
        Assert.Single(answers.Select(a => a.Body.GetProperty("message_id").GetString()).Distinct());
        Assert.Single((await relay.LogAsync()).Deliveries);
    }

    [Fact]
    public async Task AMessageToAPushModeServiceIsConflictAndToAnUnknownServiceNotFound()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, _time, _ct, Settings);
        using var client = registry.CreateKeyedClient();
        var push = await RelayCalls.RegisterPollServiceAsync(client, _ct, mode: "push");

        var (status, problem) = await push.PostAsync("torrent.add", "k", new JsonObject());
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("push", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var unknown = new RelayCalls(client, Guid.NewGuid().ToString(), _ct);
        Assert.Equal(HttpStatusCode.NotFound, (await unknown.PostAsync("torrent.add", "k", new JsonObject())).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await unknown.DeliveriesAsync("after=0")).Status);
    }

    [Fact]
    public async Task AClaimHoldsALeaseThatASecondClaimCannotTakeAndCompletionFinishesTheMessage()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, _time, _ct, Settings);
        using var client = registry.CreateKeyedClient();
        var relay = await RelayCalls.RegisterPollServiceAsync(client, _ct);
        var id = await relay.PostNewAsync("torrent.add", "grab-1", new JsonObject());

        var (claimStatus, claim) = await relay.CallAsync(id, "claim");
        Assert.Equal(HttpStatusCode.OK, claimStatus);
        Assert.Equal(1, claim.GetProperty("epoch").GetInt64());
        Assert.Equal(_time.GetUtcNow().UtcDateTime.AddMinutes(1), claim.GetProperty("lease_expires_at").GetDateTime().ToUniversalTime());
        Assert.Equal(HttpStatusCode.Conflict, (await relay.CallAsync(id, "claim")).Status);

        _time.Advance(TimeSpan.FromSeconds(50));
        var (heartbeatStatus, heartbeat) = await relay.CallAsync(id, "heartbeat", new JsonObject { ["epoch"] = 1 });
        Assert.Equal(HttpStatusCode.OK, heartbeatStatus);
        Assert.Equal(_time.GetUtcNow().UtcDateTime.AddMinutes(1), heartbeat.GetProperty("lease_expires_at").GetDateTime().ToUniversalTime());
        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(HttpStatusCode.Conflict, (await relay.CallAsync(id, "claim")).Status);

        var (completeStatus, completed) = await relay.CompleteAsync(id, 1, new JsonObject { ["info_hash"] = "abc" });
        Assert.Equal(HttpStatusCode.OK, completeStatus);
        Assert.Equal("completed", completed.GetProperty("status").GetString());

        var message = await relay.MessageAsync(id);
        Assert.Equal("completed", message.GetProperty("status").GetString());
        Assert.Equal("abc", message.GetProperty("result").GetProperty("info_hash").GetString());
        Assert.Equal(1, message.GetProperty("attempts").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await relay.CallAsync(id, "claim")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await relay.CompleteAsync(id, 1)).Status);

        // A finished message's deliveries are passed over: the log has nothing left to hand out.
        var (deliveries, next) = await relay.LogAsync();
        Assert.Empty(deliveries);
        Assert.Equal("1", next);
    }

    [Fact]
    public async Task AnExpiredLeaseIsDeliveredAgainAndTheOldClaimersCompleteIsConflict()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, _time, _ct, Settings);
        using var client = registry.CreateKeyedClient();
        var relay = await RelayCalls.RegisterPollServiceAsync(client, _ct);
        var id = await relay.PostNewAsync("torrent.add", "grab-1", new JsonObject());
        var oldEpoch = await relay.ClaimAsync(id);

        _time.Advance(TimeSpan.FromSeconds(61));
        await registry.Get<RelaySweeper>().SweepAsync(_ct);

        Assert.Equal("pending", (await relay.MessageAsync(id)).GetProperty("status").GetString());
        var (deliveries, _) = await relay.LogAsync("1");
        Assert.Equal([(id, 2)], deliveries);
        var newEpoch = await relay.ClaimAsync(id);
        Assert.Equal(oldEpoch + 1, newEpoch);

        var (lateStatus, late) = await relay.CompleteAsync(id, oldEpoch);
        Assert.Equal(HttpStatusCode.Conflict, lateStatus);
        Assert.Contains("stale", late.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await relay.CallAsync(id, "heartbeat", new JsonObject { ["epoch"] = oldEpoch })).Status);
        Assert.Equal(HttpStatusCode.OK, (await relay.CompleteAsync(id, newEpoch)).Status);
        Assert.Equal(2, (await relay.MessageAsync(id)).GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task AnExpiredLeaseCanBeClaimedBeforeTheSweepAndItsHolderMayStillFinishUntilThen()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, _time, _ct, Settings);
        using var client = registry.CreateKeyedClient();
        var relay = await RelayCalls.RegisterPollServiceAsync(client, _ct);
        var late = await relay.PostNewAsync("torrent.add", "late", new JsonObject());
        var taken = await relay.PostNewAsync("torrent.add", "taken", new JsonObject());
        var lateEpoch = await relay.ClaimAsync(late);
        var takenEpoch = await relay.ClaimAsync(taken);

        _time.Advance(TimeSpan.FromSeconds(61));

        // Nobody claimed it since: its holder's epoch is still the latest, and the finished work counts.
        Assert.Equal(HttpStatusCode.OK, (await relay.CompleteAsync(late, lateEpoch)).Status);

        // Claimed again before the sweep got to it: a new epoch, and the old holder is 409.
        Assert.Equal(takenEpoch + 1, await relay.ClaimAsync(taken));
        Assert.Equal(HttpStatusCode.Conflict, (await relay.CompleteAsync(taken, takenEpoch)).Status);
    }

    [Fact]
    public async Task AMessageWhoseLastAttemptsLeaseExpiredEndsFailedAtTheSweep()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, _time, _ct, Settings);
        using var client = registry.CreateKeyedClient();
        var relay = await RelayCalls.RegisterPollServiceAsync(client, _ct);
        var id = await relay.PostNewAsync("torrent.add", "k", new JsonObject());
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await relay.ClaimAsync(id);
            _time.Advance(TimeSpan.FromSeconds(61));
            await registry.Get<RelaySweeper>().SweepAsync(_ct);
        }

        var message = await relay.MessageAsync(id);
        Assert.Equal("failed", message.GetProperty("status").GetString());
        Assert.Contains("attempt 3 of 3", message.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await relay.CallAsync(id, "claim")).Status);
        var (deliveries, next) = await relay.LogAsync();
        Assert.Empty(deliveries);   // finished: its deliveries are passed over
        Assert.Equal("3", next);    // the first, and one for each of the two recovered leases
    }

    [Fact]
    public async Task AMessageThatKeepsFailingWithRetryEndsFailedAfterMaxAttemptsWithoutHoldingUpTheNext()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, _time, _ct, Settings);
        using var client = registry.CreateKeyedClient();
        var relay = await RelayCalls.RegisterPollServiceAsync(client, _ct);
        var poison = await relay.PostNewAsync("torrent.add", "poison", new JsonObject());
        var next = await relay.PostNewAsync("torrent.add", "next", new JsonObject());

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var epoch = await relay.ClaimAsync(poison);
            var (status, failed) = await relay.FailAsync(poison, epoch, retry: true);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(attempt < 3 ? "pending" : "failed", failed.GetProperty("status").GetString());
        }

        var message = await relay.MessageAsync(poison);
        Assert.Equal("failed", message.GetProperty("status").GetString());
        Assert.Equal(3, message.GetProperty("attempts").GetInt32());
        Assert.Contains("boom", message.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await relay.CallAsync(poison, "claim")).Status);

        // The log: poison's first delivery and the next message's come first; the retries are appended after them.
        var raw = await relay.DeliveriesAsync("after=1");
        Assert.Equal([next], raw.Body.GetProperty("deliveries").EnumerateArray().Select(d => d.GetProperty("message_id").GetString()));
        var nextEpoch = await relay.ClaimAsync(next);
        Assert.Equal(HttpStatusCode.OK, (await relay.CompleteAsync(next, nextEpoch)).Status);
    }

    [Fact]
    public async Task AFailWithoutRetryEndsFailedAtOnce()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, _time, _ct, Settings);
        using var client = registry.CreateKeyedClient();
        var relay = await RelayCalls.RegisterPollServiceAsync(client, _ct);
        var id = await relay.PostNewAsync("torrent.add", "k", new JsonObject());
        var epoch = await relay.ClaimAsync(id);

        var (status, failed) = await relay.FailAsync(id, epoch, retry: false, reason: "not a torrent");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal("not a torrent", failed.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task ALongPollOnTheDeliveryLogAnswersAsSoonAsAMessageIsStored()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, _time, _ct, Settings);
        using var client = registry.CreateKeyedClient();
        var relay = await RelayCalls.RegisterPollServiceAsync(client, _ct);

        // The fake clock never ends the wait: only the message can.
        var poll = relay.DeliveriesAsync("after=0&wait=5m");
        await Eventually.HoldsAsync(() => registry.Get<DeliverySignals>().IsAwaited(Guid.Parse(relay.ServiceId)));
        var id = await relay.PostNewAsync("torrent.add", "k", new JsonObject());

        var (status, page) = await poll.WaitAsync(TimeSpan.FromSeconds(20), _ct);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(id, Assert.Single(page.GetProperty("deliveries").EnumerateArray()).GetProperty("message_id").GetString());
    }

    [Fact]
    public async Task ACursorOutsideTheRetainedWindowIsGoneAndZeroStillFindsEveryLiveMessage()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, _time, _ct,
            new Dictionary<string, string>(Settings) { ["Relay:DeliveryRetention"] = "2" });
        using var client = registry.CreateKeyedClient();
        var relay = await RelayCalls.RegisterPollServiceAsync(client, _ct);
        var live = await relay.PostNewAsync("torrent.add", "live", new JsonObject());
        for (var i = 0; i < 5; i++)
        {
            var done = await relay.PostNewAsync("torrent.add", $"done-{i}", new JsonObject());
            Assert.Equal(HttpStatusCode.OK, (await relay.CompleteAsync(done, await relay.ClaimAsync(done))).Status);
        }

        await registry.Get<RelaySweeper>().SweepAsync(_ct);

        // The live message's delivery (1) is kept, so the window cannot move past it yet.
        Assert.Equal([(live, 1)], (await relay.LogAsync()).Deliveries);
        Assert.Equal(HttpStatusCode.OK, (await relay.CompleteAsync(live, await relay.ClaimAsync(live))).Status);
        var later = await relay.PostNewAsync("torrent.add", "later", new JsonObject());
        await registry.Get<RelaySweeper>().SweepAsync(_ct);

        Assert.Equal(HttpStatusCode.Gone, (await relay.DeliveriesAsync("after=1")).Status);
        Assert.Equal(HttpStatusCode.Gone, (await relay.DeliveriesAsync("after=99")).Status);
        var (deliveries, next) = await relay.LogAsync("0");
        Assert.Equal([(later, 1)], deliveries);
        Assert.Equal("7", next);
    }

    [Fact]
    public async Task BadRelayInputIsAProblemNamingTheField()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, _time, _ct, Settings);
        using var client = registry.CreateKeyedClient();
        var relay = await RelayCalls.RegisterPollServiceAsync(client, _ct);
        var id = await relay.PostNewAsync("torrent.add", "k", null);

        var (noType, noTypeBody) = await relay.PostAsync("", "k2", new JsonObject());
        Assert.Equal(HttpStatusCode.BadRequest, noType);
        Assert.True(noTypeBody.GetProperty("errors").TryGetProperty("type", out _));

        var (badEpoch, badEpochBody) = await relay.CallAsync(id, "complete", new JsonObject { ["epoch"] = "one" });
        Assert.Equal(HttpStatusCode.BadRequest, badEpoch);
        Assert.True(badEpochBody.GetProperty("errors").TryGetProperty("epoch", out _));

        Assert.Equal(HttpStatusCode.BadRequest, (await relay.DeliveriesAsync("after=abc")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await relay.DeliveriesAsync("after=0&wait=soon")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await relay.CallAsync(Guid.NewGuid().ToString(), "claim")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await relay.CallAsync("not-a-uuid", "claim")).Status);
        Assert.Equal("null", (await relay.MessageAsync(id)).GetProperty("payload").GetRawText());
    }
}
