using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Pulse.Registry.Relay;

namespace Pulse.Registry.Tests;

/// <summary>Two registry instances sharing one database: the recovery sweep, and tails woken across instances.</summary>
public sealed class RelaySweepTests(GraphFixture graph)
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Registry:SweepInterval"] = "1.00:00:00",
        ["Relay:LeaseDuration"] = "00:01:00",
    };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoRegistriesSweepingTheSameDatabaseRecoverEachExpiredClaimExactlyOnce()
    {
        await using var first = await InProcessRegistry.StartAsync(graph, _time, _ct, Settings);
        await using var second = first.StartAnother(_time, Settings);
        using var client = first.CreateKeyedClient();
        var relay = await RelayCalls.RegisterPollServiceAsync(client, _ct);
        const int count = 1200; // more than two sweep batches of 500
        await using (var connection = new NpgsqlConnection(first.DatabaseConnectionString))
        {
            // Stored directly as claimed messages with one delivery each: the set-up is not what is tested.
            await connection.OpenAsync(_ct);
            await using var seed = new NpgsqlCommand("""
                INSERT INTO relay_messages (id, service_id, type, key, payload, status, attempts, epoch, lease_expires_at,
                    last_delivery, created_at, updated_at)
                SELECT gen_random_uuid(), @service, 'torrent.add', 'k' || i, '{}', 'claimed', 1, 1, @lease, i, @now, @now
                FROM generate_series(1, @count) AS i;
                INSERT INTO relay_deliveries (service_id, id, message_id, attempt, created_at)
                SELECT service_id, last_delivery, id, 1, created_at FROM relay_messages WHERE service_id = @service;
                INSERT INTO relay_streams (service_id, last_delivery, trimmed_up_to) VALUES (@service, @count, 0);
                """, connection);
            seed.Parameters.AddWithValue("service", Guid.Parse(relay.ServiceId));
            seed.Parameters.AddWithValue("count", count);
            seed.Parameters.AddWithValue("now", _time.GetUtcNow().UtcDateTime);
            seed.Parameters.AddWithValue("lease", _time.GetUtcNow().UtcDateTime.AddMinutes(1));
            await seed.ExecuteNonQueryAsync(_ct);
        }

        _time.Advance(TimeSpan.FromSeconds(61));
        await Task.WhenAll(
            Task.Run(() => first.Get<RelaySweeper>().SweepAsync(_ct), _ct),
            Task.Run(() => second.Get<RelaySweeper>().SweepAsync(_ct), _ct),
            Task.Run(() => first.Get<RelaySweeper>().SweepAsync(_ct), _ct),
            Task.Run(() => second.Get<RelaySweeper>().SweepAsync(_ct), _ct));

        await using var check = new NpgsqlConnection(first.DatabaseConnectionString);
        await check.OpenAsync(_ct);
        await using var counts = new NpgsqlCommand("""
            SELECT
                (SELECT count(*) FROM relay_messages WHERE status = 'pending' AND attempts = 1),
                (SELECT count(*) FROM relay_deliveries),
                (SELECT count(*) FROM (SELECT message_id FROM relay_deliveries GROUP BY message_id HAVING count(*) <> 2) AS wrong),
                (SELECT last_delivery FROM relay_streams),
                (SELECT count(DISTINCT id) FROM relay_deliveries)
            """, check);
        await using var reader = await counts.ExecuteReaderAsync(_ct);
        await reader.ReadAsync(_ct);
        Assert.Equal(count, reader.GetInt64(0));
        Assert.Equal(2 * count, reader.GetInt64(1));
        Assert.Equal(0, reader.GetInt64(2));
        Assert.Equal(2 * count, reader.GetInt64(3));
        Assert.Equal(2 * count, reader.GetInt64(4));
    }

    [Fact]
    public async Task ALongPollOnOneRegistryWakesForAMessageStoredThroughAnother()
    {
        await using var first = await InProcessRegistry.StartAsync(graph, _time, _ct, Settings);
        await using var second = first.StartAnother(_time, Settings);
        using var firstClient = first.CreateKeyedClient();
        using var secondClient = second.CreateKeyedClient();
        var onFirst = await RelayCalls.RegisterPollServiceAsync(firstClient, _ct);
        var onSecond = new RelayCalls(secondClient, onFirst.ServiceId, _ct);
        await Eventually.HoldsAsync(() => Task.FromResult(first.Get<RelayNotifications>().IsListening), _ct, what: "the first instance listening");

        // The fake clock never ends the wait nor triggers a recheck: only the notification can answer it.
        var poll = onFirst.DeliveriesAsync("after=0&wait=5m");
        await Eventually.HoldsAsync(() => first.Get<DeliverySignals>().IsAwaited(Guid.Parse(onFirst.ServiceId)));
        var id = await onSecond.PostNewAsync("torrent.add", "k", new JsonObject());

        var (status, page) = await poll.WaitAsync(TimeSpan.FromSeconds(20), _ct);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(id, Assert.Single(page.GetProperty("deliveries").EnumerateArray()).GetProperty("message_id").GetString());
    }
}
