using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Pulse.Registry.Liveness;
using static Pulse.Registry.Tests.TestData;

namespace Pulse.Registry.Tests;

/// <summary>The event feed's retention by count and by age, through a mass expiry, on a FakeTimeProvider.</summary>
public sealed class EventRetentionTests(GraphFixture graph, ITestOutputHelper output)
{
    private const int Services = 10_000;
    private const int Retention = 1_000;

    // The timers' own sweeps never fire: the test drives the sweep itself.
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Registry:HeartbeatInterval"] = "00:00:30",
        ["Registry:LeaseIntervals"] = "3",
        ["Registry:SweepInterval"] = "1.00:00:00",
        ["Registry:EventRetention"] = Retention.ToString(CultureInfo.InvariantCulture),
        ["Registry:EventRetentionPeriod"] = "01:00:00",
    };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task AConsumerUpToDateBeforeAMassExpiryReadsEveryOfflineEventWithoutGone()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, _time, _ct, Settings);
        using var client = registry.CreateKeyedClient();
        var started = TimeProvider.System.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            using var writer = registry.CreateKeyedClient();
            for (var i = worker; i < Services; i += 8)
            {
                await RegisterAsync(writer, Registration($"mass-{i}"), _ct);
            }
        }, _ct)));
        output.WriteLine($"{Services} registrations: {TimeProvider.System.GetElapsedTime(started).TotalSeconds:0.0} s");

        // The consumer is up to date: its cursor is the newest event.
        var cursor = (await GetJsonAsync(client, "/api/v1/events", _ct)).GetProperty("next_cursor").GetString()!;
        Assert.Equal(Services.ToString(CultureInfo.InvariantCulture), cursor);

        // Every lease lapses at once; one sweep records them all: as many events as the feed had, ten times its count.
        _time.Advance(TimeSpan.FromSeconds(91));
        started = TimeProvider.System.GetTimestamp();
        await registry.Get<LeaseSweeper>().SweepAsync(_ct);
        output.WriteLine($"Sweep expiring {Services} services: {TimeProvider.System.GetElapsedTime(started).TotalSeconds:0.0} s; "
            + $"events stored: {await EventRowsAsync(registry)}, events table: {await EventTableSizeAsync(registry)}");

        var offline = new List<JsonElement>();
        var after = cursor;
        while (offline.Count < Services)
        {
            using var response = await client.GetAsync($"/api/v1/events?after={after}&limit=500", _ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"after={after}: {(int)response.StatusCode}");
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync(_ct)).RootElement.Clone();
            var events = page.GetProperty("events").EnumerateArray().ToList();
            Assert.NotEmpty(events);
            offline.AddRange(events);
            after = page.GetProperty("next_cursor").GetString()!;

            // A sweep between two pages trims nothing the consumer still needs.
            await registry.Get<LeaseSweeper>().SweepAsync(_ct);
        }

        Assert.Equal(Enumerable.Range(Services + 1, Services).Select(i => (long)i),
            offline.Select(e => long.Parse(e.GetProperty("id").GetString()!, CultureInfo.InvariantCulture)));
        Assert.All(offline, e => Assert.Equal("service.offline", e.GetProperty("type").GetString()));
        Assert.Equal(Services, offline.Select(e => e.GetProperty("event_key").GetString()).Distinct().Count());

        // Once older than the retention period, the events beyond the count go: the old cursor is now out of the window.
        _time.Advance(TimeSpan.FromMinutes(61));
        await registry.Get<LeaseSweeper>().SweepAsync(_ct);
        using (var gone = await client.GetAsync($"/api/v1/events?after={cursor}", _ct))
        {
            Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        }

        var oldest = (await GetJsonAsync(client, "/api/v1/events?after=0&limit=1", _ct)).GetProperty("events")[0];
        Assert.Equal((2 * Services - Retention + 1).ToString(CultureInfo.InvariantCulture), oldest.GetProperty("id").GetString());
        var rows = await EventRowsAsync(registry);
        output.WriteLine($"Events stored after the retention period: {rows}; events table: {await EventTableSizeAsync(registry)}");
        Assert.Equal(Retention, rows);

        // A week offline: the sweep removes them all (Registry:RemoveOfflineAfter), each with its event. The timer's own
        // sweep fires too when a day passes, and may hold some rows (SKIP LOCKED): between them, they remove all.
        _time.Advance(TimeSpan.FromDays(7));
        started = TimeProvider.System.GetTimestamp();
        await registry.Get<LeaseSweeper>().SweepAsync(_ct);
        await Eventually.HoldsAsync(async () => await CountAsync(registry, "services") == 0, _ct, TimeSpan.FromSeconds(120),
            "the removal of every service");
        output.WriteLine($"Sweeps removing {Services} services: {TimeProvider.System.GetElapsedTime(started).TotalSeconds:0.0} s");
        var removed = await EventFeedTests.ReadAllAsync(client, (2 * Services).ToString(CultureInfo.InvariantCulture), Services, pageSize: 500);
        Assert.Equal(Services, removed.Count(e => e.GetProperty("type").GetString() == "service.removed"));
    }

    private async Task<string> EventTableSizeAsync(InProcessRegistry registry)
    {
        await using var connection = new NpgsqlConnection(registry.DatabaseConnectionString);
        await connection.OpenAsync(_ct);
        await using var size = new NpgsqlCommand("SELECT pg_size_pretty(pg_total_relation_size('events'))", connection);
        return (string)(await size.ExecuteScalarAsync(_ct))!;
    }

    private Task<long> EventRowsAsync(InProcessRegistry registry) => CountAsync(registry, "events");

    private async Task<long> CountAsync(InProcessRegistry registry, string table)
    {
        await using var connection = new NpgsqlConnection(registry.DatabaseConnectionString);
        await connection.OpenAsync(_ct);
        await using var count = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)(await count.ExecuteScalarAsync(_ct))!;
    }
}
