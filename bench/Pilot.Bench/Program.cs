using System.Diagnostics;
using System.Net.Http.Json;
using Npgsql;
using Pulse.Bench;
using Pulse.ServiceDefaults;
using Pulse.Testing;

// Pilot's two figures, on the whole graph started through Aspire's testing API (tests/Graph/PulseGraph.cs):
// 1. Propagation: the download client re-registers with a new key and port; the time until both consumers hold the
//    new values in their databases (polled every millisecond), over 50 changes. Baseline in the same run: the
//    register call's own round trip.
// 2. A grab end to end (Pilot -> Haul, stored on both sides when Pilot answers 201), 300 grabs one after another.
//    Baseline in the same run: the same number of torrents posted to Haul directly.
namespace Pilot.Bench;

internal static class PilotBenchmark
{
    public static async Task Main()
    {
        const string PulseKey = "bench-pulse-key-0123456789abcdef";
        const string PilotKey = "bench-pilot-key-0123456789abcdef";
        const string HaulKey = "bench-haul-key-0123456789abcdef0";
        var ct = CancellationToken.None;

        await using var graph = await PulseGraph.StartAsync(new PulseGraphOptions
        {
            ApiKey = PulseKey,
            Args = BenchGraph.QuietArgs,
            ConfigureBuilder = BenchGraph.WithoutProxies,
            Environment = BenchGraph.ProjectEnvironment(new Dictionary<string, Dictionary<string, string>>
            {
                [PulseResources.Pilot] = new() { ["Pilot__ApiKey"] = PilotKey },
                [PulseResources.Haul] = new() { ["Haul__ApiKey"] = HaulKey },
            }),
        }, ct);

        using var registry = graph.CreateHttpClient(PulseResources.Registry, PulseKey);
        await using var pilotDb = NpgsqlDataSource.Create(await graph.ConnectionStringAsync(PulseResources.PilotDatabase, ct));
        await using var prismDb = NpgsqlDataSource.Create(await graph.ConnectionStringAsync(PulseResources.PrismDatabase, ct));
        await WaitAsync(async () => await HoldsKeyAsync(pilotDb, HaulKey) && await HoldsKeyAsync(prismDb, HaulKey));

        var propagation = new List<double>();
        var register = new List<double>();
        for (var change = 0; change < 50; change++)
        {
            var key = $"rotated-key-{change}-{Guid.NewGuid():N}";
            var stopwatch = Stopwatch.StartNew();
            using var answer = await registry.PostAsJsonAsync("/api/v1/services/register", new
            {
                name = PulseResources.Haul,
                type = "download-client",
                api_url = $"http://127.0.0.1:{20000 + change}",
                api_key = key,
                capabilities = new[] { "supports_torrent", "supports_categories", "supports_tags" },
            }, ct);
            answer.EnsureSuccessStatusCode();
            register.Add(stopwatch.Elapsed.TotalMilliseconds);
            await WaitAsync(async () => await HoldsKeyAsync(pilotDb, key) && await HoldsKeyAsync(prismDb, key));
            propagation.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        // Put Haul's real address and key back for the grabs.
        using (var restore = await registry.PostAsJsonAsync("/api/v1/services/register", new
        {
            name = PulseResources.Haul,
            type = "download-client",
            api_url = graph.Endpoint(PulseResources.Haul).ToString().TrimEnd('/'),
            api_key = HaulKey,
            capabilities = new[] { "supports_torrent", "supports_categories", "supports_tags" },
        }, ct))
        {
            restore.EnsureSuccessStatusCode();
        }

        await WaitAsync(() => HoldsKeyAsync(pilotDb, HaulKey));

        using var pilot = graph.CreateHttpClient(PulseResources.Pilot, PilotKey);
        using var haul = graph.CreateHttpClient(PulseResources.Haul, HaulKey);
        var grabs = await TimeEachAsync(300, async i =>
        {
            using var answer = await pilot.PostAsJsonAsync("/api/v1/grabs", new { title = $"bench {i}", uri = Magnet(), category = "tv" }, ct);
            if ((int)answer.StatusCode != 201)
            {
                throw new InvalidOperationException($"grab answered {(int)answer.StatusCode}");
            }
        });
        var direct = await TimeEachAsync(300, async i =>
        {
            using var answer = await haul.PostAsJsonAsync("/api/v1/torrents", new { uri = Magnet(), category = "tv" }, ct);
            answer.EnsureSuccessStatusCode();
        });

        Console.WriteLine($"propagation to both consumers over {propagation.Count} changes: p50 {P(propagation, 50):0.0} ms, p99 {P(propagation, 99):0.0} ms (targets: p50 <= 100 ms, p99 <= 500 ms)");
        Console.WriteLine($"  baseline, the register call itself: p50 {P(register, 50):0.0} ms; ratio propagation/register p50 {P(propagation, 50) / P(register, 50):0.0}");
        Console.WriteLine($"grab end to end (Pilot -> Haul, stored on both sides): p50 {P(grabs, 50):0.0} ms, p99 {P(grabs, 99):0.0} ms (target: p99 <= 50 ms)");
        Console.WriteLine($"  baseline, a torrent posted to Haul directly: p50 {P(direct, 50):0.0} ms, p99 {P(direct, 99):0.0} ms; ratio p99 {P(grabs, 99) / P(direct, 99):0.0}");
    }

    private static string Magnet() => $"magnet:?xt=urn:btih:{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())}0badc0de";

    private static double P(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
    }

    private static async Task<List<double>> TimeEachAsync(int count, Func<int, Task> action)
    {
        await action(-1); // warm-up
        var times = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            await action(i);
            times.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        return times;
    }

    private static async Task<bool> HoldsKeyAsync(NpgsqlDataSource database, string key)
    {
        await using var command = database.CreateCommand("SELECT count(*) FROM download_clients WHERE source = 'pulse' AND api_key = $1");
        command.Parameters.AddWithValue(key);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException("The consumers did not sync within 60 s.");
            }

            await Task.Delay(1);
        }
    }
}
