using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Pulse.Replicas.Tests.ReplicaRequests;

namespace Pulse.Replicas.Tests;

/// <summary>The relay with three instances: the sender, the tail, the claim and the completion each go through a different one.</summary>
public sealed class ReplicaRelayTests(ReplicaGraphFixture graph)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task MessagesSentTailedClaimedAndCompletedThroughDifferentInstancesAreEachCompletedOnce()
    {
        var clients = graph.Replicas.Select(r => graph.Replica(r)).ToList();
        try
        {
            var service = await RegisterPollServiceAsync(clients[0]);
            const int Messages = 24;

            // The tail follows through the second instance, long-polling, and hands each delivery on.
            var deliveries = new ConcurrentQueue<(string MessageId, long Seen)>();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(_ct);
            var tail = Task.Run(async () =>
            {
                var after = "0";
                while (!stop.IsCancellationRequested)
                {
                    var page = await GetJsonAsync(clients[1], $"/api/v1/services/{service}/deliveries?after={after}&wait=5s", stop.Token);
                    foreach (var delivery in page.GetProperty("deliveries").EnumerateArray())
                    {
                        deliveries.Enqueue((delivery.GetProperty("message_id").GetString()!, TimeProvider.System.GetTimestamp()));
                    }

                    after = page.GetProperty("next_cursor").GetString()!;
                }
            }, _ct);

            // Sent through the first instance, one after another.
            var sent = new Dictionary<string, long>();
            for (var i = 0; i < Messages; i++)
            {
                var posted = TimeProvider.System.GetTimestamp();
                var (status, body) = await PostJsonAsync(clients[0], $"/api/v1/services/{service}/messages",
                    new JsonObject { ["type"] = "torrent.add", ["key"] = $"grab-{i}", ["payload"] = new JsonObject { ["n"] = i } }, _ct);
                Assert.True(status == HttpStatusCode.Accepted, $"post: {(int)status} {body}");
                sent[body.GetProperty("message_id").GetString()!] = posted;
            }

            await Eventually.HoldsAsync(() =>
            {
                // A tail that broke shows its error at once, not as this wait's timeout.
                if (tail.IsFaulted)
                {
                    tail.GetAwaiter().GetResult();
                }

                return deliveries.Count >= Messages;
            }, TimeSpan.FromSeconds(60));
            await stop.CancelAsync();
            try
            {
                await tail;
            }
            catch (OperationCanceledException)
            {
                // The tail was parked when it was stopped.
            }

            Assert.Equal(sent.Keys.Order(), deliveries.Select(d => d.MessageId).Order());

            // Each delivery claimed through the third instance and, at the same moment, through the first: one claim
            // wins. Its holder completes it through any instance, and a second completion is refused.
            var outcomes = await Task.WhenAll(deliveries.Select((delivery, i) => Task.Run(async () =>
            {
                var claims = await Task.WhenAll(
                    CallAsync(clients[2], service, delivery.MessageId, "claim", new JsonObject()),
                    CallAsync(clients[0], service, delivery.MessageId, "claim", new JsonObject()));
                var won = claims.Where(c => c.Status == HttpStatusCode.OK).ToList();
                Assert.Single(won);
                Assert.Single(claims, c => c.Status == HttpStatusCode.Conflict);
                var epoch = won[0].Body.GetProperty("epoch").GetInt64();
                var completion = new JsonObject { ["epoch"] = epoch, ["result"] = new JsonObject { ["by"] = i } };
                var (completed, message) = await CallAsync(clients[i % 3], service, delivery.MessageId, "complete", completion);
                Assert.True(completed == HttpStatusCode.OK, $"complete: {(int)completed} {message}");
                var (again, _) = await CallAsync(clients[(i + 1) % 3], service, delivery.MessageId, "complete", completion);
                Assert.Equal(HttpStatusCode.Conflict, again);
                return (delivery.MessageId, By: i);
            }, _ct)));

            // Each message, read through every instance: completed once, with the result of its one claim.
            foreach (var (messageId, by) in outcomes)
            {
                foreach (var client in clients)
                {
                    var message = await GetJsonAsync(client, $"/api/v1/services/{service}/messages/{messageId}", _ct);
                    Assert.Equal("completed", message.GetProperty("status").GetString());
                    Assert.Equal(1, message.GetProperty("attempts").GetInt32());
                    Assert.Equal(by, message.GetProperty("result").GetProperty("by").GetInt32());
                }
            }

            // Nothing is left to claim: the log hands out nothing more, through any instance.
            foreach (var client in clients)
            {
                var page = await GetJsonAsync(client, $"/api/v1/services/{service}/deliveries?after=0", _ct);
                Assert.Empty(page.GetProperty("deliveries").EnumerateArray());
                Assert.Equal(Messages.ToString(CultureInfo.InvariantCulture), page.GetProperty("next_cursor").GetString());
            }

            var latencies = deliveries.Select(d => TimeProvider.System.GetElapsedTime(sent[d.MessageId], d.Seen).TotalMilliseconds).Order().ToList();
            await DeleteAllAsync(clients[2], [service], _ct);
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"post through one instance to delivery on a tail through another: median {latencies[latencies.Count / 2]:0} ms, max {latencies[^1]:0} ms");
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task AClaimsLeaseOutlivesTheInstanceThatGrantedIt()
    {
        var (granting, other) = (graph.Replicas[0], graph.Replicas[1]);
        using var grantor = graph.Replica(granting);
        using var survivor = graph.Replica(other);
        var service = await RegisterPollServiceAsync(survivor);
        var (status, posted) = await PostJsonAsync(survivor, $"/api/v1/services/{service}/messages",
            new JsonObject { ["type"] = "torrent.add", ["key"] = "grab", ["payload"] = new JsonObject { ["uri"] = "magnet:?xt=urn:btih:abc" } }, _ct);
        Assert.Equal(HttpStatusCode.Accepted, status);
        var messageId = posted.GetProperty("message_id").GetString()!;

        var (claimed, claim) = await CallAsync(grantor, service, messageId, "claim", new JsonObject());
        Assert.True(claimed == HttpStatusCode.OK, $"claim: {(int)claimed} {claim}");
        var epoch = claim.GetProperty("epoch").GetInt64();
        TestContext.Current.TestOutputHelper?.WriteLine($"killing {granting} at {graph.Graph.TargetEndpoint(granting)}");
        try
        {
            await graph.Graph.KillAsync(granting, _ct);

            // The claim's holder carries on through another instance: its lease is renewed, and its epoch completes it.
            var (renewed, lease) = await CallAsync(survivor, service, messageId, "heartbeat", new JsonObject { ["epoch"] = epoch });
            Assert.True(renewed == HttpStatusCode.OK, $"heartbeat: {(int)renewed} {lease}");
            Assert.Equal(epoch, lease.GetProperty("epoch").GetInt64());
            Assert.True(lease.GetProperty("lease_expires_at").GetDateTime() >= claim.GetProperty("lease_expires_at").GetDateTime());

            // Nobody else may take it meanwhile.
            Assert.Equal(HttpStatusCode.Conflict, (await CallAsync(survivor, service, messageId, "claim", new JsonObject())).Status);

            var (completed, message) = await CallAsync(survivor, service, messageId, "complete",
                new JsonObject { ["epoch"] = epoch, ["result"] = new JsonObject { ["info_hash"] = "abc" } });
            Assert.True(completed == HttpStatusCode.OK, $"complete: {(int)completed} {message}");

            var stored = await GetJsonAsync(survivor, $"/api/v1/services/{service}/messages/{messageId}", _ct);
            Assert.Equal("completed", stored.GetProperty("status").GetString());
            Assert.Equal(1, stored.GetProperty("attempts").GetInt32());
            Assert.Equal("abc", stored.GetProperty("result").GetProperty("info_hash").GetString());
        }
        finally
        {
            await graph.Graph.StartResourceAsync(granting, _ct);
        }

        // Back, it sees the same outcome.
        using var restarted = graph.Replica(granting);
        var seen = await GetJsonAsync(restarted, $"/api/v1/services/{service}/messages/{messageId}", _ct);
        Assert.Equal("completed", seen.GetProperty("status").GetString());
        await DeleteAllAsync(restarted, [service], _ct);

        // And the graph is whole again: every replica answers at its own address.
        foreach (var replica in graph.Replicas)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"{replica} at {graph.Graph.TargetEndpoint(replica)}");
            using var client = graph.Replica(replica);
            using var response = await client.GetAsync("/api/v1/services", _ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    /// <summary>Registers a download client in poll mode (no address) with the operator's key; its id.</summary>
    private async Task<string> RegisterPollServiceAsync(HttpClient client)
    {
        var registration = Registration(UniqueName("relay"), "download-client");
        registration.Remove("api_url");
        registration.Remove("health_url");
        registration["delivery_mode"] = "poll";
        return await RegisterAsync(client, registration, _ct);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(
        HttpClient client, string service, string messageId, string action, JsonObject body) =>
        await PostJsonAsync(client, $"/api/v1/services/{service}/messages/{messageId}/{action}", body, _ct);
}
