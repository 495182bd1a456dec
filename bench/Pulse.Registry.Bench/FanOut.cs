using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;

namespace Pulse.Registry.Bench;

/// <summary>One blocking-read fan-out: when each reader's answer arrived (ms after the change, in order), the benchmark's own GC pauses meanwhile, and how long the change itself took.</summary>
internal sealed record FanOutResult(double[] Latencies, TimeSpan BenchPauses, double ChangeMs)
{
    public double P99 => Latencies[(int)Math.Ceiling(Latencies.Length * 0.99) - 1];
}

/// <summary>Blocking reads: 1,000 readers wait on the index; one change answers them all.</summary>
internal static class FanOut
{
    public const int Readers = 1000;

    /// <summary>
    /// Parks the readers at <paramref name="server"/>, registers a change through <paramref name="http"/> and times each
    /// answer. The readers time answers in this process, which also hosts the AppHost and its telemetry buffers: it
    /// collects its garbage before the change, and reports any GC pause of its own that could have delayed the timestamps.
    /// </summary>
    public static async Task<FanOutResult> RunAsync(HttpClient http, Uri server, string key, int round)
    {
        var index = long.Parse((await http.GetAsync("/api/v1/services/discover?type=bench-trigger")).Headers.GetValues("X-Pulse-Index").Single(), CultureInfo.InvariantCulture);
        using var readers = await BlockingReaders.StartAsync(server, $"/api/v1/services/discover?type=bench-trigger&index={index}&wait=60s", key, Readers);
        await Task.Delay(3000);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var pausedBefore = GC.GetTotalPauseDuration();
        var answered = readers.AnswersAsync(TimeSpan.FromSeconds(30));
        var changed = Stopwatch.GetTimestamp();
        using (await http.PostAsJsonAsync("/api/v1/services/register", new Dictionary<string, object>
        {
            ["name"] = "bench-trigger", ["type"] = "bench-trigger", ["api_url"] = $"http://127.0.0.1:{round}/",
        }))
        {
        }

        var changeMs = Stopwatch.GetElapsedTime(changed).TotalMilliseconds;
        var answers = await answered;
        return new FanOutResult([.. answers.Select(arrived => Stopwatch.GetElapsedTime(changed, arrived).TotalMilliseconds).Order()],
            GC.GetTotalPauseDuration() - pausedBefore, changeMs);
    }
}
