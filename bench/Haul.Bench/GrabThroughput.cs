using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;

namespace Haul.Bench;

/// <summary>Haul's grabs per second: <c>POST /api/v1/torrents</c> with distinct magnets from concurrent clients.</summary>
internal static class GrabThroughput
{
    public static async Task<string> MeasureAsync(Uri haul, string key, int grabs, int concurrency, CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = haul };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);

        await RunAsync(http, 500, concurrency, ct); // warm-up: JIT, connection pools
        var elapsed = Stopwatch.StartNew();
        var failures = await RunAsync(http, grabs, concurrency, ct);
        elapsed.Stop();

        var perSecond = grabs / elapsed.Elapsed.TotalSeconds;
        return string.Create(CultureInfo.InvariantCulture,
            $"haul grabs: {grabs} distinct torrents, {concurrency} concurrent clients, {elapsed.Elapsed.TotalSeconds:0.00} s -> " +
            $"{perSecond:0} grabs/s ({failures} failed); target >= 2,000/s: {(perSecond >= 2000 && failures == 0 ? "met" : "NOT met")}");
    }

    private static async Task<int> RunAsync(HttpClient http, int grabs, int concurrency, CancellationToken ct)
    {
        var next = -1;
        var failures = 0;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < grabs)
            {
                var hash = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
                using var response = await http.PostAsJsonAsync("/api/v1/torrents", new { uri = $"magnet:?xt=urn:btih:{hash}&dn=bench" }, ct);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        });
        await Task.WhenAll(workers);
        return failures;
    }
}
