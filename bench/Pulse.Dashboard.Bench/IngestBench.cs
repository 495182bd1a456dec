using System.Diagnostics;
using System.Net.Http.Headers;

namespace Pulse.Dashboard.Bench;

/// <summary>Posts OTLP exports from a few concurrent senders (as a graph's services would) and measures spans per second.</summary>
internal sealed class IngestBench(BenchHost host, List<byte[]> payloads)
{
    private const int Senders = 4;
    private readonly int _spansPerRequest = SpanPayloads.SpansPerRequest(payloads);
    private readonly HttpClient _client = CreateClient();

    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        await RunAsync(host.NoOpUrl, 40, cancellationToken);
        await RunAsync(host.OtlpUrl, 40, cancellationToken);
    }

    public async Task<IngestResult> RunAsync(Uri url, int totalRequests, CancellationToken cancellationToken)
    {
        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Senders).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < totalRequests)
            {
                using var content = new ByteArrayContent(payloads[index % payloads.Count]);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
                using var response = await _client.PostAsync(url, content, cancellationToken);
                response.EnsureSuccessStatusCode();
            }
        }, cancellationToken)));
        stopwatch.Stop();
        return new IngestResult(totalRequests, stopwatch.Elapsed, totalRequests * (double)_spansPerRequest / stopwatch.Elapsed.TotalSeconds);
    }

    private static HttpClient CreateClient()
    {
        var client = new HttpClient();
        client.DefaultRequestHeaders.Add("x-otlp-api-key", BenchHost.OtlpKey);
        return client;
    }
}

internal sealed record IngestResult(int Requests, TimeSpan Elapsed, double SpansPerSecond);
