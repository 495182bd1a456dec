using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Pulse.ServiceDefaults.PulseResources;

namespace Pulse.AppHost.Tests;

/// <summary>
/// A service's registry key rotated as an operator does it, while traffic flows: a new key added through the API, the
/// service restarted with it, the old key retired. Haul runs in poll mode, so grabs sent while it restarts wait in the
/// relay rather than fail, and every step of its traffic (heartbeats, tail, claim, complete) needs its own key.
/// </summary>
public sealed class KeyRotationTests
{
    private const string OperatorKey = "rotation-test-operator-key-9d3f60a2c71e4b58";
    private const string PilotApiKey = "rotation-test-pilot-api-key-5a0e2c47d9b1";

    // Short intervals make a lapse in Haul's heartbeats show within seconds: its lease is 5 intervals (10 s), swept twice a second.
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LeasePeriod = HeartbeatInterval * 5;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnOperatorRotatesHaulsKeyUnderTrafficWithoutLosingAHeartbeatOrAGrabOrRestartingTheRegistry()
    {
        await using var graph = await PulseGraph.StartAsync(new PulseGraphOptions
        {
            ApiKey = OperatorKey,
            Args = ["--AppHost:HaulDeliveryMode=poll"],
            HoldBack = new HashSet<string> { Prism },
            Environment = new Dictionary<string, Dictionary<string, string>>
            {
                [Registry] = new()
                {
                    ["Registry__HeartbeatInterval"] = HeartbeatInterval.ToString("c", CultureInfo.InvariantCulture),
                    ["Registry__LeaseIntervals"] = "5",
                    ["Registry__SweepInterval"] = "00:00:00.500",
                    ["Relay__LeaseDuration"] = "00:00:05",
                },
                [Pilot] = new() { ["Pilot__ApiKey"] = PilotApiKey },
            },
        }, _ct);
        using var registry = graph.CreateHttpClient(Registry, OperatorKey);
        using var pilot = graph.CreateHttpClient(Pilot, PilotApiKey);
        var oldKey = graph.KeyOf(Haul);
        var registryProcess = ProjectProcess.Of(graph, Registry);

        // Haul registered with its own key, and Pilot knows it: the traffic can start.
        await Eventually.HoldsAsync(async () => await HaulStatusAsync(registry) == "online", _ct, Deadline, "Haul online");
        await Eventually.HoldsAsync(async () => (await pilot.GetFromJsonAsync<JsonElement[]>("/api/v1/download-clients", _ct))!
            .Any(c => c.GetProperty("name").GetString() == Haul), _ct, Deadline, "Pilot to sync Haul");
        var cursor = await FeedCursorAsync(registry);

        using var stopTraffic = CancellationTokenSource.CreateLinkedTokenSource(_ct);
        var traffic = SendGrabsAsync(pilot, stopTraffic.Token);
        DateTimeOffset retiredAt;
        try
        {
            await WaitForGrabsAsync(traffic, atLeast: 2);

            // 1. The operator adds a second key for Haul; both work now.
            var oldKeyId = await ActiveKeyIdAsync(registry);
            using var added = await registry.PostAsJsonAsync($"/api/v1/principals/{Haul}/keys", new { }, _ct);
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
            var newKey = (await added.Content.ReadFromJsonAsync<JsonElement>(_ct)).GetProperty("key").GetString()!;
            Assert.NotEqual(oldKey, newKey);
            Assert.Equal(HttpStatusCode.OK, await StatusWithKeyAsync(graph, newKey));
            Assert.Equal(HttpStatusCode.OK, await StatusWithKeyAsync(graph, oldKey));

            // 2. Haul moves to it: a restart with the new value, as the dashboard's restart does after the parameter changed.
            await WaitForGrabsAsync(traffic, atLeast: traffic.Grabs.Count + 1);
            await graph.RestartResourceAsync(Haul, environment => environment["Pulse__ApiKey"] = newKey, _ct);
            Assert.Equal(newKey, ProjectProcess.Of(graph, Haul).Environment()["Pulse__ApiKey"]);
            await Eventually.HoldsAsync(async () => await HaulStatusAsync(registry) == "online", _ct, Deadline, "Haul online again");

            // 3. The operator retires the old key: it is refused at once, and Haul goes on with the new one.
            await WaitForGrabsAsync(traffic, atLeast: traffic.Grabs.Count + 1);
            using (var retired = await registry.DeleteAsync($"/api/v1/principals/{Haul}/keys/{oldKeyId}", _ct))
            {
                Assert.Equal(HttpStatusCode.NoContent, retired.StatusCode);
            }

            retiredAt = TimeProvider.System.GetUtcNow();
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithKeyAsync(graph, oldKey));
            Assert.Equal(HttpStatusCode.OK, await StatusWithKeyAsync(graph, newKey));

            // Heartbeats keep renewing Haul's lease for more than a lease after the retirement: they use the new key.
            await Eventually.HoldsAsync(async () => await HaulLastSeenAsync(registry) > retiredAt + LeasePeriod, _ct, Deadline,
                "Haul's heartbeats for a lease after the old key was retired");
            await WaitForGrabsAsync(traffic, atLeast: traffic.Grabs.Count + 2);
        }
        finally
        {
            await stopTraffic.CancelAsync();
            await traffic.Loop;
        }

        // Every grab, those sent while Haul restarted included, reached Haul through the relay and completed.
        Assert.True(traffic.Grabs.Count >= 6, $"only {traffic.Grabs.Count} grabs were sent");
        Assert.Contains(traffic.Grabs, grab => grab.SentAt > retiredAt);
        foreach (var grab in traffic.Grabs)
        {
            var done = await Eventually.ReturnsAsync(() => GrabStatusAsync(pilot, grab.Id),
                status => status is "completed" or "sent" or "failed", _ct, Deadline, $"grab {grab.Id} to finish");
            Assert.True(done != "failed", $"grab {grab.Id} failed");
        }

        // Haul's lease never lapsed (its restart is a leave, not an expiry), and the registry ran throughout.
        var haulEvents = await EventsSinceAsync(registry, cursor);
        Assert.DoesNotContain("service.offline", haulEvents);
        Assert.Contains("service.left", haulEvents);
        var registryNow = ProjectProcess.Of(graph, Registry);
        Assert.Equal((registryProcess.Pid, registryProcess.StartTime), (registryNow.Pid, registryNow.StartTime));
    }

    private async Task<HttpStatusCode> StatusWithKeyAsync(PulseGraph graph, string key)
    {
        using var client = graph.CreateHttpClient(Registry, key);
        using var answer = await client.GetAsync("/api/v1/services", _ct);
        return answer.StatusCode;
    }

    private async Task<JsonElement?> HaulEntryAsync(HttpClient registry) =>
        (await registry.GetFromJsonAsync<JsonElement[]>("/api/v1/services", _ct))!
            .Where(s => s.GetProperty("name").GetString() == Haul).Select(s => (JsonElement?)s).SingleOrDefault();

    private async Task<string?> HaulStatusAsync(HttpClient registry) =>
        (await HaulEntryAsync(registry))?.GetProperty("status").GetString();

    private async Task<DateTimeOffset> HaulLastSeenAsync(HttpClient registry) =>
        (await HaulEntryAsync(registry))?.GetProperty("last_seen").GetDateTimeOffset() ?? DateTimeOffset.MinValue;

    /// <summary>The id of Haul's one active key: the one the AppHost gave it.</summary>
    private async Task<string> ActiveKeyIdAsync(HttpClient registry)
    {
        var principals = (await registry.GetFromJsonAsync<JsonElement[]>("/api/v1/principals", _ct))!;
        var haul = Assert.Single(principals, p => p.GetProperty("name").GetString() == Haul);
        var active = Assert.Single(haul.GetProperty("keys").EnumerateArray(),
            key => !key.TryGetProperty("retired_at", out var retired) || retired.ValueKind == JsonValueKind.Null);
        return active.GetProperty("id").GetString()!;
    }

    private async Task<string> FeedCursorAsync(HttpClient registry) =>
        (await registry.GetFromJsonAsync<JsonElement>("/api/v1/events", _ct)).GetProperty("next_cursor").GetString()!;

    /// <summary>The types of the events about Haul after <paramref name="cursor"/>, in order.</summary>
    private async Task<List<string>> EventsSinceAsync(HttpClient registry, string cursor)
    {
        var types = new List<string>();
        while (true)
        {
            var page = await registry.GetFromJsonAsync<JsonElement>($"/api/v1/events?after={cursor}&limit=500", _ct);
            var events = page.GetProperty("events").EnumerateArray().ToList();
            if (events.Count == 0)
            {
                return types;
            }

            types.AddRange(events
                .Where(e => e.GetProperty("payload").TryGetProperty("name", out var name) && name.GetString() == Haul
                    && e.GetProperty("type").GetString()!.StartsWith("service.", StringComparison.Ordinal))
                .Select(e => e.GetProperty("type").GetString()!));
            cursor = page.GetProperty("next_cursor").GetString()!;
        }
    }

    private async Task<string?> GrabStatusAsync(HttpClient pilot, string id) =>
        (await pilot.GetFromJsonAsync<JsonElement>($"/api/v1/grabs/{id}", _ct)).GetProperty("status").GetString();

    private Task WaitForGrabsAsync(GrabTraffic traffic, int atLeast) =>
        Eventually.HoldsAsync(() => Task.FromResult(traffic.Grabs.Count >= atLeast || traffic.Loop.IsCompleted), _ct, Deadline,
            $"{atLeast} grabs sent");

    /// <summary>Grabs through Pilot, one after another, until stopped; a grab Pilot does not accept fails the test.</summary>
    private static GrabTraffic SendGrabsAsync(HttpClient pilot, CancellationToken stop)
    {
        var grabs = new List<SentGrab>();
        return new GrabTraffic(grabs, LoopAsync());

        async Task LoopAsync()
        {
            using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    var infoHash = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "0ddba11a";
                    var sentAt = TimeProvider.System.GetUtcNow();
                    using var answer = await pilot.PostAsJsonAsync("/api/v1/grabs",
                        new { title = "Rotation.S01E01." + infoHash[..8], uri = $"magnet:?xt=urn:btih:{infoHash}", category = "tv" },
                        CancellationToken.None);
                    var text = await answer.Content.ReadAsStringAsync(CancellationToken.None);
                    Assert.True(answer.StatusCode is HttpStatusCode.Created or HttpStatusCode.Accepted,
                        $"grab {grabs.Count + 1}: {(int)answer.StatusCode} {text}");
                    lock (grabs)
                    {
                        grabs.Add(new SentGrab(JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!, sentAt));
                    }

                    await pace.WaitForNextTickAsync(stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }
    }

    private sealed record SentGrab(string Id, DateTimeOffset SentAt);

    private sealed record GrabTraffic(List<SentGrab> Grabs, Task Loop);
}
