using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Pulse.Registry.Relay;
using static Pulse.Registry.Tests.TestData;

namespace Pulse.Registry.Tests;

/// <summary>The relay's bounds: the quota of waiting messages per service, and the retention of finished ones.</summary>
public sealed class RelayQuotaTests(GraphFixture graph, ITestOutputHelper output)
{
    // The timers' own sweeps never fire: each test drives the sweep itself.
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Registry:SweepInterval"] = "1.00:00:00",
        ["Relay:MaxPendingMessages"] = "3",
        ["Relay:FinishedRetention"] = "01:00:00",
    };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task AFullQuotaOfMessagesIs429WithRetryAfterUntilOneFinishes()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, _time, _ct, Settings);
        using var client = registry.CreateKeyedClient();
        var relay = await RelayCalls.RegisterPollServiceAsync(client, _ct);
        var first = await relay.PostNewAsync("torrent.add", "grab-0", new JsonObject());
        await relay.PostNewAsync("torrent.add", "grab-1", new JsonObject());
        var third = await relay.PostNewAsync("torrent.add", "grab-2", new JsonObject());
        await relay.ClaimAsync(third); // claimed counts as waiting too

        var (full, problem) = await PostRawAsync(client, relay.ServiceId, "grab-3", new JsonObject());
        using (full)
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, full.StatusCode);
            Assert.Equal("application/problem+json", full.Content.Headers.ContentType?.MediaType);
            Assert.Equal(TimeSpan.FromSeconds(5), full.Headers.RetryAfter?.Delta);
            Assert.Equal("Relay:MaxPendingMessages", problem.GetProperty("quota").GetString());
            Assert.Contains("Relay:MaxPendingMessages", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // A coalesced message adds nothing: it is taken even when the quota is full.
        var (coalesced, same) = await relay.PostAsync("torrent.add", "grab-0", new JsonObject());
        Assert.Equal(HttpStatusCode.OK, coalesced);
        Assert.Equal(first, same.GetProperty("message_id").GetString());

        // The refused message left nothing behind: no message, no delivery.
        Assert.Equal("3", (await relay.LogAsync()).Next);
        Assert.Equal(3, await CountAsync(registry, "relay_messages"));

        Assert.Equal(HttpStatusCode.OK, (await relay.CompleteAsync(first, await relay.ClaimAsync(first))).Status);
        await relay.PostNewAsync("torrent.add", "grab-3", new JsonObject());
        Assert.Equal("4", (await relay.LogAsync()).Next);
    }

    [Fact]
    public async Task ConcurrentSendersNeverTakeMoreThanTheQuota()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, _time, _ct, Settings);
        using var client = registry.CreateKeyedClient();
        var relay = await RelayCalls.RegisterPollServiceAsync(client, _ct);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
        {
            using var sender = registry.CreateKeyedClient();
            var (response, _) = await PostRawAsync(sender, relay.ServiceId, $"k-{i}", new JsonObject { ["i"] = i });
            using (response)
            {
                return response.StatusCode;
            }
        }, _ct)));

        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.Accepted));
        Assert.Equal(9, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(3, (await relay.LogAsync()).Deliveries.Count);
    }

    [Fact]
    public async Task AFullQuotaOfPayloadBytesIs429NamingIt()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, _time, _ct,
            new Dictionary<string, string>(Settings) { ["Relay:MaxPendingMessages"] = "100", ["Relay:MaxPendingBytes"] = $"{16 * 1024 * 1024}" });
        using var client = registry.CreateKeyedClient();
        var relay = await RelayCalls.RegisterPollServiceAsync(client, _ct);
        var tenMiB = new string('x', 10 * 1024 * 1024);

        var first = await relay.PostNewAsync("torrent.add", "big-0", tenMiB);
        var (full, problem) = await PostRawAsync(client, relay.ServiceId, "big-1", tenMiB);
        using (full)
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, full.StatusCode);
            Assert.Equal("Relay:MaxPendingBytes", problem.GetProperty("quota").GetString());
        }

        // Small messages still fit beside it.
        await relay.PostNewAsync("torrent.add", "small", new JsonObject());
        Assert.Equal(HttpStatusCode.OK, (await relay.CompleteAsync(first, await relay.ClaimAsync(first))).Status);
        await relay.PostNewAsync("torrent.add", "big-1", tenMiB);
    }

    [Fact]
    public async Task FinishedMessagesAndTheirDeliveriesAreDeletedAfterTheRetentionPeriod()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, _time, _ct,
            new Dictionary<string, string>(Settings) { ["Relay:MaxPendingMessages"] = "100" });
        using var client = registry.CreateKeyedClient();
        var relay = await RelayCalls.RegisterPollServiceAsync(client, _ct);
        var completed = await relay.PostNewAsync("torrent.add", "done", new JsonObject());
        var failed = await relay.PostNewAsync("torrent.add", "failed", new JsonObject());
        var retried = await relay.PostNewAsync("torrent.add", "retried", new JsonObject());
        var pending = await relay.PostNewAsync("torrent.add", "pending", new JsonObject());
        Assert.Equal(HttpStatusCode.OK, (await relay.CompleteAsync(completed, await relay.ClaimAsync(completed), "ok")).Status);
        Assert.Equal(HttpStatusCode.OK, (await relay.FailAsync(failed, await relay.ClaimAsync(failed), retry: false)).Status);
        Assert.Equal(HttpStatusCode.OK, (await relay.FailAsync(retried, await relay.ClaimAsync(retried), retry: true)).Status);
        Assert.Equal((4, 5), (await CountAsync(registry, "relay_messages"), await CountAsync(registry, "relay_deliveries")));
        var sweeper = registry.Get<RelaySweeper>();

        _time.Advance(TimeSpan.FromMinutes(59));
        await sweeper.SweepAsync(_ct);
        Assert.Equal("completed", (await relay.MessageAsync(completed)).GetProperty("status").GetString());
        Assert.Equal("failed", (await relay.MessageAsync(failed)).GetProperty("status").GetString());

        _time.Advance(TimeSpan.FromMinutes(2));
        await sweeper.SweepAsync(_ct);
        Assert.Equal(HttpStatusCode.NotFound, (await relay.CallAsync(completed, "claim")).Status);
        using (var gone = await client.GetAsync($"/api/v1/services/{relay.ServiceId}/messages/{failed}", _ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        // The live messages stay, with their deliveries, and a tail from the start still finds both.
        Assert.Equal((2, 3), (await CountAsync(registry, "relay_messages"), await CountAsync(registry, "relay_deliveries")));
        var (deliveries, next) = await relay.LogAsync();
        Assert.Equal([(retried, 1), (pending, 1), (retried, 2)], deliveries);
        Assert.Equal("5", next);
    }

    private async Task<(HttpResponseMessage Response, JsonElement Problem)> PostRawAsync(
        HttpClient client, string serviceId, string key, JsonNode payload)
    {
        var body = new JsonObject { ["type"] = "torrent.add", ["key"] = key, ["payload"] = payload };
        return await PostJsonAsync(client, $"/api/v1/services/{serviceId}/messages", body, _ct);
    }

    private async Task<long> CountAsync(InProcessRegistry registry, string table)
    {
        await using var connection = new NpgsqlConnection(registry.DatabaseConnectionString);
        await connection.OpenAsync(_ct);
        await using var count = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        var rows = (long)(await count.ExecuteScalarAsync(_ct))!;
        output.WriteLine($"{table}: {rows} rows");
        return rows;
    }
}
