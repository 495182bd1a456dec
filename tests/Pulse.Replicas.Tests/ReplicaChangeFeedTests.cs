using System.Globalization;
using System.Net;
using static Pulse.Replicas.Tests.ReplicaRequests;

namespace Pulse.Replicas.Tests;

/// <summary>Blocking reads and the event feed with three instances: a change written through one is seen through all.</summary>
public sealed class ReplicaChangeFeedTests(ReplicaGraphFixture graph)
{
    // Far below the reads' wait (30 s): a read woken only by its wait ending fails.
    private static readonly TimeSpan WakeBound = TimeSpan.FromSeconds(5);

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/v1/services")]
    [InlineData("/api/v1/download-clients")]
    [InlineData("/api/v1/events")]
    public async Task AReadParkedOnEveryInstanceWakesWhenAChangeIsWrittenThroughAnyOfThem(string path)
    {
        var clients = graph.Replicas.Select(r => graph.Replica(r)).ToList();
        var same = new List<TimeSpan>();
        var other = new List<TimeSpan>();
        try
        {
            for (var writer = 0; writer < clients.Count; writer++)
            {
                // A change made elsewhere meanwhile (a service of another test lapsing) wakes the reads early, or
                // before the change: that round is run again.
                var woken = await Eventually.ReturnsAsync(() => WakeRoundAsync(clients, path, writer), wakes => wakes is not null, _ct,
                    within: TimeSpan.FromSeconds(120), what: "A round of reads woken by the change alone");
                for (var i = 0; i < clients.Count; i++)
                {
                    (i == writer ? same : other).Add(woken![i]);
                }
            }

            TestContext.Current.TestOutputHelper?.WriteLine(
                $"{path}: woken after the write's answer, same instance {Format(same)}; another instance {Format(other)}");
            Assert.All(same, wake => Assert.True(wake < WakeBound, $"same instance: {Format(same)}"));
            Assert.All(other, wake => Assert.True(wake < WakeBound, $"another instance: {Format(other)}"));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task TheFeedReadThroughEachInstanceIsOneSequenceWithNoGapAndNoDuplicateAfterABurstThroughAllOfThem()
    {
        var clients = graph.Replicas.Select(r => graph.Replica(r)).ToList();
        try
        {
            var cursor = await CursorAsync(clients[0], _ct);

            // A follower on each instance, long-polling from the cursor through the burst until the end it is told.
            var end = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            var followers = clients.Select(client => Task.Run(() => FollowAsync(client, cursor, end.Task), _ct)).ToList();

            // Three writers per instance at once, each registering services (half of them download clients, which own
            // an entry), making each leave through the next instance and deleting it through the one after.
            const int WritersPerInstance = 3, ServicesPerWriter = 4;
            var written = await Task.WhenAll(Enumerable.Range(0, clients.Count * WritersPerInstance).Select(w => Task.Run(async () =>
            {
                var mine = new List<(string Id, bool DownloadClient)>();
                for (var s = 0; s < ServicesPerWriter; s++)
                {
                    var downloadClient = (w + s) % 2 == 0;
                    var id = await RegisterAsync(clients[w % 3],
                        Registration(UniqueName("burst"), downloadClient ? "download-client" : "media-manager"), _ct);
                    using (var left = await clients[(w + 1) % 3].PostAsync($"/api/v1/services/{id}/leave", null, _ct))
                    {
                        Assert.Equal(HttpStatusCode.NoContent, left.StatusCode);
                    }

                    using (var deleted = await clients[(w + 2) % 3].DeleteAsync($"/api/v1/services/{id}", _ct))
                    {
                        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
                    }

                    mine.Add((id, downloadClient));
                }

                return mine;
            }, _ct)));
            var services = written.SelectMany(w => w).ToList();
            var final = await CursorAsync(clients[1], _ct);
            end.SetResult(final);
            List<FeedEntry> Upto(List<FeedEntry> events) => [.. events.Where(e => e.Id <= final)];

            // Each up to the end read after the burst (a last page may hold a later change, made by something else).
            var followed = (await Task.WhenAll(followers).WaitAsync(TimeSpan.FromSeconds(120), _ct)).Select(Upto).ToList();
            var read = (await Task.WhenAll(clients.Select(client => ReadFeedAsync(client, cursor, final, _ct, pageSize: 37)))).Select(Upto).ToList();

            // Every instance, followed live or read afterwards, gives the same events: each id once, none missing.
            var expectedIds = Enumerable.Range(1, (int)(final - cursor)).Select(i => cursor + i).ToList();
            foreach (var events in followed.Concat(read))
            {
                Assert.Equal(expectedIds, events.Select(e => e.Id));
                Assert.Equal(read[0], events);
            }

            // And the burst's own events are all there: three per service, three more for a download client's entry.
            var keys = services.Select(s => $"service:{s.Id}").ToHashSet();
            Assert.Equal(services.Count * 3, read[0].Count(e => keys.Contains(e.Key)));
            foreach (var (id, downloadClient) in services)
            {
                var ofService = read[0].Where(e => e.Key == $"service:{id}").ToList();
                Assert.Equal(["service.registered", "service.left", "service.removed"], ofService.Select(e => e.Type));
                if (downloadClient)
                {
                    var entry = read[0].Single(e => e.Id == ofService[0].Id + 1).Key;
                    Assert.Equal(["download_client.created", "download_client.updated", "download_client.deleted"],
                        read[0].Where(e => e.Key == entry).Select(e => e.Type));
                }
            }

            TestContext.Current.TestOutputHelper?.WriteLine(
                $"{services.Count} services, {final - cursor} events, the same through {clients.Count} instances");
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    /// <summary>
    /// Parks a read on every instance, writes a change through <paramref name="writer"/>, and returns how long after
    /// the write's answer each read answered; <c>null</c> if some read answered before the change, or without it.
    /// </summary>
    private async Task<TimeSpan[]?> WakeRoundAsync(List<HttpClient> clients, string path, int writer)
    {
        var events = path == "/api/v1/events";
        var index = events ? await CursorAsync(clients[0], _ct) : await IndexAsync(clients[0], path, _ct);
        var query = events ? $"{path}?after={index}&wait=30s" : $"{path}?index={index}&wait=30s";
        var answered = new long[clients.Count];
        var reads = clients.Select((client, i) => Task.Run(async () =>
        {
            var response = await client.GetAsync(query, _ct);
            answered[i] = TimeProvider.System.GetTimestamp();
            return response;
        }, _ct)).ToList();

        var name = UniqueName("wake");
        string? id = null;
        try
        {
            // Parked: none answers before the change.
            if ((await Task.WhenAll(reads.Select(read => CompletesWithin(read, TimeSpan.FromSeconds(1))))).Any(early => early))
            {
                return null;
            }

            id = await RegisterAsync(clients[writer], Registration(name, "download-client"), _ct);
            var written = TimeProvider.System.GetTimestamp();
            var wakes = new TimeSpan[clients.Count];
            for (var i = 0; i < clients.Count; i++)
            {
                using var response = await reads[i].WaitAsync(TimeSpan.FromSeconds(40), _ct);
                var body = await response.Content.ReadAsStringAsync(_ct);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query} through {graph.Replicas[i]}: {(int)response.StatusCode} {body}");
                if (!body.Contains(name, StringComparison.Ordinal))
                {
                    return null;
                }

                Assert.True(events || IndexOf(response) > index);
                wakes[i] = answered[i] > written ? TimeProvider.System.GetElapsedTime(written, answered[i]) : TimeSpan.Zero;
            }

            return wakes;
        }
        finally
        {
            // Left at once, so that its lapse wakes no later read.
            if (id is not null)
            {
                using var left = await clients[writer].PostAsync($"/api/v1/services/{id}/leave", null, _ct);
            }

            foreach (var read in reads)
            {
                _ = read.ContinueWith(t => t.Result.Dispose(), TaskContinuationOptions.OnlyOnRanToCompletion);
            }
        }
    }

    /// <summary>Long-polls the feed from <paramref name="after"/> until the cursor reaches the end it is given.</summary>
    private async Task<List<FeedEntry>> FollowAsync(HttpClient client, long after, Task<long> end)
    {
        var events = new List<FeedEntry>();
        while (!end.IsCompleted || after < end.Result)
        {
            var page = await GetJsonAsync(client, $"/api/v1/events?after={after}&limit=50&wait=2s", _ct);
            events.AddRange(page.GetProperty("events").EnumerateArray().Select(FeedEntry.Of));
            after = long.Parse(page.GetProperty("next_cursor").GetString()!, CultureInfo.InvariantCulture);
        }

        return events;
    }

    private static string Format(List<TimeSpan> wakes)
    {
        var ms = wakes.Select(w => w.TotalMilliseconds).Order().ToList();
        return ms.Count == 0 ? "none"
            : $"n={ms.Count} median {ms[ms.Count / 2]:0} ms, max {ms[^1]:0} ms ({string.Join(", ", ms.Select(m => m.ToString("0", CultureInfo.InvariantCulture)))})";
    }
}
