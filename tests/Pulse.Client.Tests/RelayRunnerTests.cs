using System.Net;
using System.Text.Json.Nodes;
using Pulse.Client.Relay;

namespace Pulse.Client.Tests;

/// <summary>The relay runner against an in-memory relay, with a recording fake clock.</summary>
public sealed class RelayRunnerTests
{
    [Fact]
    public async Task TheRunnerHandlesDeliveriesInOrderCompletesEachWithItsResultAndSavesItsCursor()
    {
        await using var harness = new RelayHarness();
        var ids = Enumerable.Range(1, 3).Select(n => harness.Relay.Post("torrent.add", new JsonObject { ["n"] = n })).ToList();

        await harness.StartAsync();
        await Eventually.HoldsAsync(() => harness.Relay.Messages.Values.All(m => m.Status == "completed"));

        Assert.Equal(ids, harness.Handler.Handled.Select(h => h.MessageId));
        Assert.Equal("""{"n":2}""", harness.Relay.Messages[ids[1]].Result);
        await Eventually.HoldsAsync(async () => await harness.CursorAsync() == "3", TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AClaimRefusedWithConflictIsSkippedAndTheNextDeliveryIsHandled()
    {
        await using var harness = new RelayHarness();
        var taken = harness.Relay.Post("torrent.add", new JsonObject());
        harness.Relay.Messages[taken].Status = "claimed";
        harness.Relay.Messages[taken].LeaseExpiresAt = harness.Time.GetUtcNow().AddMinutes(1);
        var next = harness.Relay.Post("torrent.add", new JsonObject());

        await harness.StartAsync();
        await Eventually.HoldsAsync(() => harness.Relay.Messages[next].Status == "completed");

        Assert.Equal([next], harness.Handler.Handled.Select(h => h.MessageId));
        Assert.Equal("claimed", harness.Relay.Messages[taken].Status);
    }

    [Fact]
    public async Task AHandlerThatThrowsIsReportedWithRetryAndTheRedeliveryIsHandled()
    {
        var calls = 0;
        await using var harness = new RelayHarness((delivery, _) => Interlocked.Increment(ref calls) == 1
            ? throw new InvalidOperationException("disk full")
            : Task.FromResult(RelayHandlerResult.Complete()));
        var id = harness.Relay.Post("torrent.add", new JsonObject());
        var behind = harness.Relay.Post("torrent.add", new JsonObject());

        await harness.StartAsync();
        await Eventually.HoldsAsync(() => harness.Relay.Messages.Values.All(m => m.Status == "completed"));

        // The retry was appended behind the next message: it was not held up.
        Assert.Equal([(id, 1), (behind, 1), (id, 2)], harness.Handler.Handled);
        Assert.Single(harness.Logs.WithEvent("RelayHandlerThrew"));
        Assert.DoesNotContain("disk full", harness.Relay.Messages[id].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMessageOfATypeWithoutAHandlerFailsWithoutRetry()
    {
        await using var harness = new RelayHarness();
        var id = harness.Relay.Post("torrent.remove", new JsonObject());

        await harness.StartAsync();
        await Eventually.HoldsAsync(() => harness.Relay.Messages[id].Status == "failed");

        Assert.Contains("torrent.remove", harness.Relay.Messages[id].Reason, StringComparison.Ordinal);
        Assert.Empty(harness.Handler.Handled);
    }

    [Fact]
    public async Task ARestartedRunnerResumesAfterItsSavedCursor()
    {
        await using var harness = new RelayHarness();
        var ids = Enumerable.Range(1, 3).Select(_ => harness.Relay.Post("torrent.add", new JsonObject())).ToList();
        await harness.SaveCursorAsync("2");

        await harness.StartAsync();
        await Eventually.HoldsAsync(() => harness.Relay.Messages[ids[2]].Status == "completed");

        Assert.Equal([ids[2]], harness.Handler.Handled.Select(h => h.MessageId));
        Assert.Empty(harness.Relay.CallsTo($"{ids[0]}/claim"));
    }

    [Fact]
    public async Task ACursorTheRegistryNoLongerHasResetsToZeroAndEveryMessageIsHandled()
    {
        await using var harness = new RelayHarness();
        var ids = Enumerable.Range(1, 2).Select(_ => harness.Relay.Post("torrent.add", new JsonObject())).ToList();
        await harness.SaveCursorAsync("99");

        await harness.StartAsync();
        await Eventually.HoldsAsync(() => harness.Relay.Messages.Values.All(m => m.Status == "completed"));

        Assert.Equal(ids, harness.Handler.Handled.Select(h => h.MessageId));
        Assert.Single(harness.Logs.WithEvent("RelayCursorReset"));
        await Eventually.HoldsAsync(async () => await harness.CursorAsync() == "2", TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task ReadFailuresBackOffFromOneSecondDoublingAndTheBackoffResetsOnSuccess()
    {
        await using var harness = new RelayHarness();
        foreach (var _ in Enumerable.Range(0, 3))
        {
            harness.Relay.ScriptedReads.Enqueue(() => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        }

        harness.Relay.ScriptedReads.Enqueue(() => FakeRelay.Json(HttpStatusCode.OK, new JsonObject { ["deliveries"] = new JsonArray(), ["next_cursor"] = "0" }));
        harness.Relay.ScriptedReads.Enqueue(() => new HttpResponseMessage(HttpStatusCode.BadGateway));

        await harness.StartAsync();

        Assert.Equal(TimeSpan.FromSeconds(1), await harness.Time.ElapseNextWaitAsync());
        Assert.Equal(TimeSpan.FromSeconds(2), await harness.Time.ElapseNextWaitAsync());
        Assert.Equal(TimeSpan.FromSeconds(4), await harness.Time.ElapseNextWaitAsync());
        Assert.Equal(TimeSpan.FromSeconds(1), await harness.Time.ElapseNextWaitAsync()); // reset by the success
        Assert.Single(harness.Logs.WithEvent("RelayTailRecovered"));

        // And the tail carries on: a message posted now is handled.
        var id = harness.Relay.Post("torrent.add", new JsonObject());
        await Eventually.HoldsAsync(() => harness.Relay.Messages[id].Status == "completed");
    }

    [Fact]
    public async Task TheBackoffIsCappedAtThirtySeconds()
    {
        await using var harness = new RelayHarness();
        foreach (var _ in Enumerable.Range(0, 8))
        {
            harness.Relay.ScriptedReads.Enqueue(() => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        }

        await harness.StartAsync();
        var waits = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            waits.Add((await harness.Time.ElapseNextWaitAsync()).TotalSeconds);
        }

        Assert.Equal([1, 2, 4, 8, 16, 30, 30], waits);
    }

    [Fact]
    public async Task TheLeaseIsKeptAliveWhileTheHandlerRuns()
    {
        var release = new TaskCompletionSource<RelayHandlerResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = new RelayHarness((_, _) => release.Task);
        var id = harness.Relay.Post("torrent.add", new JsonObject());

        await harness.StartAsync();
        Assert.Equal(TimeSpan.FromSeconds(20), await harness.Time.ElapseNextWaitAsync()); // a third of the 60 s lease
        Assert.Equal(TimeSpan.FromSeconds(20), await harness.Time.ElapseNextWaitAsync()); // renewed: again a third
        Assert.Equal(TimeSpan.FromSeconds(20), await harness.Time.ElapseNextWaitAsync());
        Assert.True(harness.Relay.CallsTo("/heartbeat").Count >= 2);
        Assert.Equal("claimed", harness.Relay.Messages[id].Status);

        // 60 s have passed since the claim: only the heartbeats kept it.
        release.SetResult(RelayHandlerResult.Complete());
        await Eventually.HoldsAsync(() => harness.Relay.Messages[id].Status == "completed");
    }

    [Fact]
    public async Task APermanentRefusalOfTheTailStopsTheRunnerWithALogLineSayingWhy()
    {
        await using var harness = new RelayHarness();
        harness.Relay.ScriptedReads.Enqueue(() => FakeRelay.Json(HttpStatusCode.Unauthorized,
            new JsonObject { ["title"] = "Unauthorized", ["detail"] = "Missing or wrong API key." }));

        await harness.StartAsync();
        await harness.Runner.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var line = Assert.Single(harness.Logs.WithEvent("RelayStopped"));
        Assert.Contains("401", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("registry-key", string.Join('\n', harness.Logs.Lines.Select(l => l.Message)), StringComparison.Ordinal);
    }
}
