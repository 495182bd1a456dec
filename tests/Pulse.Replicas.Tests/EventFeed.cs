using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Pulse.Replicas.Tests;

/// <summary>One event of the registry's feed, as much of it as these tests check.</summary>
internal sealed record FeedEvent(long Id, string Type, string EventKey);

/// <summary>Reads the registry's event feed (<c>GET /api/v1/events</c>) without waiting.</summary>
internal static class EventFeed
{
    /// <summary>The feed's current cursor: the newest event's id.</summary>
    public static async Task<long> CursorAsync(HttpClient registry, CancellationToken cancellationToken) =>
        ParseId((await registry.GetFromJsonAsync<JsonElement>("/api/v1/events", cancellationToken)).GetProperty("next_cursor"));

    /// <summary>Every event after <paramref name="after"/>, page by page, in the feed's order.</summary>
    public static async Task<List<FeedEvent>> ReadAsync(HttpClient registry, long after, CancellationToken cancellationToken)
    {
        var events = new List<FeedEvent>();
        while (true)
        {
            var page = await registry.GetFromJsonAsync<JsonElement>(
                string.Create(CultureInfo.InvariantCulture, $"/api/v1/events?after={after}&limit=500"), cancellationToken);
            var read = page.GetProperty("events").EnumerateArray()
                .Select(e => new FeedEvent(ParseId(e.GetProperty("id")), e.GetProperty("type").GetString()!, e.GetProperty("event_key").GetString()!))
                .ToList();
            if (read.Count == 0)
            {
                return events;
            }

            events.AddRange(read);
            after = ParseId(page.GetProperty("next_cursor"));
        }
    }

    /// <summary>
    /// What is wrong with the feed's ids: each must be the one before plus one, from <paramref name="after"/> + 1 on (every
    /// change takes the next value of one index in the transaction that writes its event, so a gap is a lost event and
    /// a repeat a duplicate). Empty when nothing is.
    /// </summary>
    public static List<string> Gaps(IReadOnlyList<FeedEvent> events, long after)
    {
        var problems = new List<string>();
        var expected = after + 1;
        foreach (var e in events)
        {
            if (e.Id != expected)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{e.Id} where {expected} was due"));
            }

            expected = e.Id + 1;
        }

        return problems;
    }

    private static long ParseId(JsonElement id) => long.Parse(id.GetString()!, CultureInfo.InvariantCulture);
}
