using System.Diagnostics;
using System.Net.Http.Headers;

namespace Pulse.Dashboard.Bench;

/// <summary>Times <c>GET /api/traces</c> over HTTP with the store full (10,000 traces).</summary>
internal static class TraceListBench
{
    public static async Task<TraceListResult> RunAsync(BenchHost host, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.App.Options.DashboardPort}") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BenchHost.Token);
        var held = host.App.Dashboard!.Stores.Traces.Count;
        var latencies = new List<(string, LatencyStats)>();
        foreach (var query in (string[])["/api/traces", "/api/traces?service=pilot&limit=1000", "/api/traces?service=nobody", "/api/traces?limit=10000"])
        {
            latencies.Add((query, await MeasureAsync(client, query, cancellationToken)));
        }

        var store = host.App.Dashboard!.Stores.Traces;
        var list = Stopwatch.StartNew();
        var all = store.List(null, 10_000);
        var listed = list.Elapsed.TotalMilliseconds;
        var json = Stopwatch.StartNew();
        var bytes = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(all, Pulse.Hosting.Dashboard.Api.DashboardJsonContext.Default.IReadOnlyListTraceSummary);
        Console.WriteLine($"In process, every trace: list {listed:0.0} ms, JSON {json.Elapsed.TotalMilliseconds:0.0} ms ({bytes.Length / 1024} KiB)");
        return new TraceListResult(held, latencies);
    }

    private static async Task<LatencyStats> MeasureAsync(HttpClient client, string query, CancellationToken cancellationToken)
    {
        for (var warmUp = 0; warmUp < 5; warmUp++)
        {
            await client.GetStringAsync(query, cancellationToken);
        }

        var samples = new List<double>();
        for (var run = 0; run < 50; run++)
        {
            var stopwatch = Stopwatch.StartNew();
            await client.GetStringAsync(query, cancellationToken);
            samples.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        samples.Sort();
        return new LatencyStats(samples[samples.Count / 2], samples[(int)(samples.Count * 0.95)], samples[^1]);
    }
}

internal sealed record LatencyStats(double Median, double P95, double Max);

internal sealed record TraceListResult(int Held, List<(string Query, LatencyStats Stats)> Latencies);
