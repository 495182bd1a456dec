using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pulse.Replicas.Tests;

/// <summary>Unique names, request bodies and the registry calls the replica tests make, through any client.</summary>
internal static class ReplicaRequests
{
    public static string UniqueName(string prefix = "svc") => $"{prefix}-{Guid.NewGuid():N}"[..24];

    public static JsonObject Registration(string name, string type = "media-manager", int port = 8383) => new()
    {
        ["name"] = name,
        ["type"] = type,
        ["api_url"] = $"http://127.0.0.1:{port}/",
        ["health_url"] = $"http://127.0.0.1:{port}/health",
        ["api_key"] = "secret-" + Guid.NewGuid().ToString("N"),
        ["version"] = "1.2.3",
        ["capabilities"] = new JsonArray("supports_torrent"),
        ["metadata"] = """{"content":"tv"}""",
    };

    public static async Task<(HttpStatusCode Status, JsonElement Body)> PostJsonAsync(
        HttpClient client, string path, JsonNode body, CancellationToken ct)
    {
        using var response = await client.PostAsJsonAsync(path, body, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string path, CancellationToken ct)
    {
        using var response = await client.GetAsync(path, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<string> RegisterAsync(HttpClient client, JsonObject registration, CancellationToken ct)
    {
        var (status, body) = await PostJsonAsync(client, "/api/v1/services/register", registration, ct);
        Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Created, $"register: {(int)status} {body}");
        return body.GetProperty("id").GetString()!;
    }

    /// <summary>Deletes a test's services, so that their lapse changes nothing during a later test.</summary>
    public static async Task DeleteAllAsync(HttpClient client, IEnumerable<string> ids, CancellationToken ct)
    {
        foreach (var id in ids)
        {
            using var deleted = await client.DeleteAsync($"/api/v1/services/{id}", ct);
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }
    }

    public static async Task<HttpStatusCode> HeartbeatAsync(HttpClient client, string id, CancellationToken ct)
    {
        using var response = await client.PutAsync($"/api/v1/services/{id}/heartbeat", null, ct);
        return response.StatusCode;
    }

    /// <summary>The service's status as this client's instance reports it, or <c>null</c> if it answers 404.</summary>
    public static async Task<string?> StatusAsync(HttpClient client, string id, CancellationToken ct)
    {
        using var response = await client.GetAsync($"/api/v1/services/{id}", ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, $"GET service: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("status").GetString();
    }

    /// <summary>The registry index a list answers (<c>X-Pulse-Index</c>).</summary>
    public static async Task<long> IndexAsync(HttpClient client, string path, CancellationToken ct)
    {
        using var response = await client.GetAsync(path, ct);
        response.EnsureSuccessStatusCode();
        return IndexOf(response);
    }

    public static long IndexOf(HttpResponseMessage response) =>
        long.Parse(response.Headers.GetValues("X-Pulse-Index").Single(), CultureInfo.InvariantCulture);

    /// <summary>The feed's current cursor: where a reader "from now" starts.</summary>
    public static async Task<long> CursorAsync(HttpClient client, CancellationToken ct) =>
        long.Parse((await GetJsonAsync(client, "/api/v1/events", ct)).GetProperty("next_cursor").GetString()!, CultureInfo.InvariantCulture);

    /// <summary>Reads the feed after <paramref name="after"/> page by page until its cursor reaches <paramref name="until"/>.</summary>
    public static async Task<List<FeedEntry>> ReadFeedAsync(
        HttpClient client, long after, long until, CancellationToken ct, string? wait = null, int pageSize = 100)
    {
        var events = new List<FeedEntry>();
        var started = TimeProvider.System.GetTimestamp();
        while (after < until)
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(90),
                $"The feed did not reach {until} within 90 s (at {after})");
            var page = await GetJsonAsync(client,
                $"/api/v1/events?after={after}&limit={pageSize}" + (wait is null ? "" : $"&wait={wait}"), ct);
            events.AddRange(page.GetProperty("events").EnumerateArray().Select(FeedEntry.Of));
            after = long.Parse(page.GetProperty("next_cursor").GetString()!, CultureInfo.InvariantCulture);
        }

        return events;
    }

    /// <summary>The events of one key after a cursor, read at once up to the current end of the feed.</summary>
    public static async Task<List<FeedEntry>> EventsOfAsync(HttpClient client, long after, string eventKey, CancellationToken ct)
    {
        var until = await CursorAsync(client, ct);
        return [.. (await ReadFeedAsync(client, after, until, ct, pageSize: 500)).Where(e => e.Key == eventKey)];
    }

    public static async Task<bool> CompletesWithin(Task task, TimeSpan within) =>
        await Task.WhenAny(task, Task.Delay(within)) == task;
}

/// <summary>One event of the feed, as compared across instances.</summary>
internal sealed record FeedEntry(long Id, string Type, string Key)
{
    public static FeedEntry Of(JsonElement e) => new(
        long.Parse(e.GetProperty("id").GetString()!, CultureInfo.InvariantCulture),
        e.GetProperty("type").GetString()!,
        e.GetProperty("event_key").GetString()!);
}
