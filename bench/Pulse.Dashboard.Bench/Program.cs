using System.Globalization;
using Pulse.Dashboard.Bench;

// The dashboard's benchmark (issue 6): OTLP ingest rate against a same-run baseline, the trace list's latency with
// 10,000 traces held, and the browser's render time of that list.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(5));
var ct = cancellation.Token;

Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at start (others' builds and tests share it)");
await using var host = await BenchHost.StartAsync(ct);
var payloads = SpanPayloads.Build(requests: 200, tracesPerRequest: 100, spansPerTrace: 10);
Console.WriteLine($"Payload: {payloads.Count} distinct exports of {SpanPayloads.SpansPerRequest(payloads)} spans, {payloads[0].Length / 1024.0:0} KiB each");

StageBench.Run(payloads[..20]);
var stages = StageBench.Run(payloads);
Console.WriteLine($"One thread, no HTTP: reader {stages.Reader:N0} spans/s (generated messages + convert: {stages.GeneratedMessages:N0}), store {stages.Store:N0} spans/s");

var ingest = new IngestBench(host, payloads);
await ingest.WarmUpAsync(ct);
var baseline = await ingest.RunAsync(host.NoOpUrl, totalRequests: 200, ct);
var receiver = await ingest.RunAsync(host.OtlpUrl, totalRequests: 200, ct);
Console.WriteLine($"OTLP ingest:   {receiver.SpansPerSecond,10:N0} spans/s  ({receiver.Requests} exports in {receiver.Elapsed.TotalSeconds:0.00} s; target >= 50,000)");
Console.WriteLine($"No-op baseline:{baseline.SpansPerSecond,10:N0} spans/s  (same bytes, same Kestrel setup, body drained only)");
Console.WriteLine($"Ingest / baseline: {receiver.SpansPerSecond / baseline.SpansPerSecond:0.00}");

var list = await TraceListBench.RunAsync(host, ct);
Console.WriteLine($"Traces held:   {list.Held:N0}");
foreach (var (query, stats) in list.Latencies)
{
    Console.WriteLine($"GET {query,-36} median {stats.Median:0.0} ms, p95 {stats.P95:0.0} ms, max {stats.Max:0.0} ms (target <= 100 ms)");
}

var render = await BrowserRenderBench.RunAsync(host, ct);
Console.WriteLine(render is { } ms
    ? $"Browser: trace list (100 of {list.Held:N0}) rendered in {ms:0} ms (target <= 1,000 ms)"
    : "Browser: skipped (no /usr/bin/chromium)");
