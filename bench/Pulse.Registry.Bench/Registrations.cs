using System.Net;
using System.Net.Http.Json;

namespace Pulse.Registry.Bench;

/// <summary>Registers the benchmark's services, 16 at a time.</summary>
internal static class Registrations
{
    private static int _retried;

    /// <summary>How many registrations were retried after a <c>503</c> so far.</summary>
    public static int Retried => Volatile.Read(ref _retried);

    /// <summary>Registers <c>&lt;prefix&gt;-&lt;i&gt;</c> of <paramref name="type"/> for i in [from, to), and stores each id in <paramref name="ids"/>.</summary>
    public static async Task RegisterAsync(HttpClient http, string[] ids, int from, int to, string prefix = "bench", string type = "bench")
    {
        var next = from - 1;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < to; i = Interlocked.Increment(ref next))
            {
                // A 503 (the registry could not reach PostgreSQL in time, on a machine loaded far beyond its cores) is
                // retried after a second, a few times, as a service's client retries it.
                for (var attempt = 1; ; attempt++)
                {
                    using var response = await http.PostAsJsonAsync("/api/v1/services/register", new Dictionary<string, object>
                    {
                        ["name"] = $"{prefix}-{i}", ["type"] = type, ["api_url"] = $"http://127.0.0.1:{10000 + i % 50000}/",
                        ["capabilities"] = new[] { "bench" },
                    });
                    if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 5)
                    {
                        Interlocked.Increment(ref _retried);
                        await Task.Delay(TimeSpan.FromSeconds(1));
                        continue;
                    }

                    response.EnsureSuccessStatusCode();
                    ids[i] = (await response.Content.ReadFromJsonAsync<Dictionary<string, object>>())!["id"].ToString()!;
                    break;
                }
            }
        })));
    }
}
