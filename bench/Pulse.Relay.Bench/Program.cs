using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Pulse.Bench;
using Pulse.Client;
using Pulse.Relay.Bench;
using Pulse.ServiceDefaults;
using Pulse.Testing;

// The relay's figures of issue 7, against the real graph (PostgreSQL, Redis, the registry; the samples held back), with
// a poll-mode service in this process running the SDK's RelayRunner (long-polling, cursor saved per delivery):
//  1. end to end: message posted -> handler running, one message at a time; targets p50 <= 20 ms, p99 <= 100 ms;
//  2. drain: 1,000 messages queued while the service is away, then drained and completed; target <= 5 s.
const string RegistryKey = "bench-registry-key-0123456789abcdef";
const int LatencyRuns = 300;
const int Queued = 1000;

using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(10));
var ct = cancel.Token;
await using var graph = await PulseGraph.StartAsync(new PulseGraphOptions
{
    ApiKey = RegistryKey,
    Args = BenchGraph.QuietArgs,
    ConfigureBuilder = BenchGraph.WithoutProxies,
    Environment = BenchGraph.ProjectEnvironment(),
    HoldBack = new HashSet<string> { PulseResources.Haul, PulseResources.Pilot, PulseResources.Prism },
}, ct);
var registryUrl = graph.Endpoint(PulseResources.Registry);
using var http = new HttpClient { BaseAddress = registryUrl };
http.DefaultRequestHeaders.Add(PulseHeaders.ApiKey, RegistryKey);

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Trim()}");

// 1. End to end, the runner already long-polling.
{
    var serviceId = await RegisterAsync("relay-bench-latency");
    await using var relay = new BenchRelay(registryUrl, RegistryKey, serviceId);
    await relay.StartAsync(ct);
    var latencies = new List<double>();
    for (var i = 0; i < LatencyRuns + 20; i++)
    {
        var posted = Stopwatch.GetTimestamp();
        var id = await PostAsync(serviceId, $"latency-{i}");
        var reached = await WaitReachedAsync(relay, id);
        if (i >= 20)
        {
            latencies.Add(Stopwatch.GetElapsedTime(posted, reached).TotalMilliseconds); // the first 20 warm up
        }

        // The next message is posted while the runner long-polls: once this one is completed and its page's cursor
        // saved (a pause of 50 ms lets the runner get back into its long poll).
        while (await StatusAsync(serviceId, id) != "completed")
        {
            await Task.Delay(2, ct);
        }

        await Task.Delay(50, ct);
    }

    latencies.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"relay end to end (posted -> handler running), {LatencyRuns} messages one at a time: p50 {Percentile(latencies, 0.50):0.0} ms, " +
        $"p99 {Percentile(latencies, 0.99):0.0} ms, max {latencies[^1]:0.0} ms (targets: p50 <= 20 ms, p99 <= 100 ms)"));
}

// 2. Drain 1,000 queued messages.
{
    var serviceId = await RegisterAsync("relay-bench-drain");
    var ids = new List<string>();
    for (var i = 0; i < Queued; i++)
    {
        ids.Add(await PostAsync(serviceId, $"drain-{i}"));
    }

    await using var relay = new BenchRelay(registryUrl, RegistryKey, serviceId);
    var started = Stopwatch.GetTimestamp();
    await relay.StartAsync(ct);
    while (relay.Handler.Reached.Count < Queued)
    {
        await Task.Delay(5, ct);
    }

    while (await StatusAsync(serviceId, ids[^1]) != "completed")
    {
        await Task.Delay(5, ct);
    }

    var elapsed = Stopwatch.GetElapsedTime(started);
    var inOrder = ids.Select(id => relay.Handler.Reached[id]).Zip(ids.Skip(1).Select(id => relay.Handler.Reached[id])).All(p => p.First <= p.Second);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"drain: {Queued} queued messages handled and completed in {elapsed.TotalSeconds:0.00} s ({Queued / elapsed.TotalSeconds:0} messages/s), " +
        $"in order: {inOrder} (target: <= 5 s)"));
}

async Task<string> RegisterAsync(string name)
{
    using var response = await http.PostAsJsonAsync("/api/v1/services/register",
        new Dictionary<string, string> { ["name"] = name, ["type"] = "bench", ["delivery_mode"] = "poll" }, ct);
    response.EnsureSuccessStatusCode();
    return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString()!;
}

async Task<string> PostAsync(string serviceId, string key)
{
    using var response = await http.PostAsJsonAsync($"/api/v1/services/{serviceId}/messages",
        new Dictionary<string, object> { ["type"] = "bench", ["key"] = key, ["payload"] = new Dictionary<string, string> { ["uri"] = "magnet:?xt=urn:btih:x" } }, ct);
    response.EnsureSuccessStatusCode();
    return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("message_id").GetString()!;
}

async Task<string?> StatusAsync(string serviceId, string messageId) =>
    (await http.GetFromJsonAsync<JsonElement>($"/api/v1/services/{serviceId}/messages/{messageId}", ct)).GetProperty("status").GetString();

Task<long> WaitReachedAsync(BenchRelay relay, string id) => relay.Handler.ReachedAsync(id).WaitAsync(TimeSpan.FromSeconds(30), ct);

static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
