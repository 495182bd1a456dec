using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Pulse.Registry.Changes;
using static Pulse.Registry.Tests.TestData;

namespace Pulse.Registry.Tests;

/// <summary>The event feed, on a registry whose feed no other test writes to.</summary>
public sealed class EventFeedTests(GraphFixture graph)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task AReaderFromTheStartSeesEveryChangeOnceAndInOrder()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, TimeProvider.System, _ct);
        using var client = registry.CreateKeyedClient();
        var a = await RegisterAsync(client, Registration("svc-a"), _ct);
        var b = await RegisterAsync(client, Registration("haul-b", "download-client", 8484), _ct);
        await RegisterAsync(client, Registration("haul-b", "download-client", 9494), _ct);
        using (await client.PostAsync($"/api/v1/services/{a}/leave", null, _ct))
        using (await client.DeleteAsync($"/api/v1/services/{b}", _ct))
        {
        }

        var events = await ReadAllAsync(client, "0", expected: 8, pageSize: 3);

        Assert.Equal(
            ["service.registered", "service.registered", "download_client.created", "service.updated", "download_client.updated",
             "service.left", "service.removed", "download_client.deleted"],
            events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(Enumerable.Range(1, 8).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            events.Select(e => e.GetProperty("id").GetString()));
        Assert.Equal($"service:{a}", events[0].GetProperty("event_key").GetString());
        Assert.StartsWith("download_client:", events[2].GetProperty("event_key").GetString());
        Assert.DoesNotContain(events, e => e.GetProperty("payload").ToString().Contains("secret-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ATailingReaderSeesEveryChangeOfConcurrentWritersExactlyOnceAndInOrder()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, TimeProvider.System, _ct);
        using var client = registry.CreateKeyedClient();
        const int writers = 6, each = 10;

        var reader = ReadAllAsync(client, "0", expected: writers * each, pageSize: 7, wait: "5s");
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            using var writer = registry.CreateKeyedClient();
            for (var i = 0; i < each; i++)
            {
                await RegisterAsync(writer, Registration($"w{w}-{i}"), _ct);
            }
        }, _ct)));
        var events = await reader.WaitAsync(TimeSpan.FromSeconds(60), _ct);

        Assert.Equal(Enumerable.Range(1, writers * each).Select(i => (long)i), events.Select(e => long.Parse(e.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(writers * each, events.Select(e => e.GetProperty("event_key").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task CursorsOutsideTheRetainedWindowAreGoneAndMalformedOnesAreBadRequests()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
        await using var registry = await InProcessRegistry.StartAsync(graph, time, _ct,
            new Dictionary<string, string> { ["Registry:EventRetention"] = "3", ["Registry:EventRetentionPeriod"] = "00:00:05" });
        using var client = registry.CreateKeyedClient();
        for (var i = 0; i < 6; i++)
        {
            await RegisterAsync(client, Registration($"svc-{i}"), _ct);
        }

        // Kept while younger than the retention period, however many; then only the last three.
        await registry.Get<Liveness.LeaseSweeper>().SweepAsync(_ct);
        Assert.Equal("1", (await GetJsonAsync(client, "/api/v1/events?after=0", _ct)).GetProperty("events")[0].GetProperty("id").GetString());
        time.Advance(TimeSpan.FromSeconds(6));
        await registry.Get<Liveness.LeaseSweeper>().SweepAsync(_ct);

        using var trimmed = await client.GetAsync("/api/v1/events?after=1", _ct);
        using var future = await client.GetAsync("/api/v1/events?after=1000", _ct);
        using var malformed = await client.GetAsync("/api/v1/events?after=1.5", _ct);
        var fromStart = await GetJsonAsync(client, "/api/v1/events?after=0", _ct);
        var fromNow = await GetJsonAsync(client, "/api/v1/events", _ct);
        var atEnd = await GetJsonAsync(client, "/api/v1/events?after=6", _ct);

        Assert.Equal(HttpStatusCode.Gone, trimmed.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, future.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(["4", "5", "6"], fromStart.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        Assert.Empty(fromNow.GetProperty("events").EnumerateArray());
        Assert.Equal("6", fromNow.GetProperty("next_cursor").GetString());
        Assert.Equal("6", atEnd.GetProperty("next_cursor").GetString());
    }

    [Fact]
    public async Task ALongPollAnswersWhenAnEventIsRaised()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, TimeProvider.System, _ct);
        using var client = registry.CreateKeyedClient();

        // From an explicit cursor, not "from now": a poll that reaches the handler only after the registration (a slow
        // first request on a loaded machine) must still see its event.
        var cursor = (await GetJsonAsync(client, "/api/v1/events", _ct)).GetProperty("next_cursor").GetString();
        var poll = client.GetStringAsync($"/api/v1/events?after={cursor}&wait=30s", _ct);
        await Eventually.HoldsAsync(() => registry.Get<ChangeIndex>().ParkedReads == 1);
        await RegisterAsync(client, Registration(UniqueName()), _ct);
        var page = JsonDocument.Parse(await poll.WaitAsync(TimeSpan.FromSeconds(10), _ct)).RootElement;

        Assert.Equal("service.registered", page.GetProperty("events")[0].GetProperty("type").GetString());
        Assert.Equal("1", page.GetProperty("next_cursor").GetString());
    }

    /// <summary>Reads the feed page by page from a cursor until <paramref name="expected"/> events arrived.</summary>
    internal static async Task<List<JsonElement>> ReadAllAsync(HttpClient client, string after, int expected, int pageSize, string? wait = null)
    {
        var events = new List<JsonElement>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (events.Count < expected && DateTime.UtcNow < deadline)
        {
            var page = await GetJsonAsync(client, $"/api/v1/events?after={after}&limit={pageSize}" + (wait is null ? "" : $"&wait={wait}"),
                TestContext.Current.CancellationToken);
            events.AddRange(page.GetProperty("events").EnumerateArray());
            after = page.GetProperty("next_cursor").GetString()!;
        }

        return events;
    }
}
