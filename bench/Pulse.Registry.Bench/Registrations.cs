using System.Net.Http.Json;

namespace Pulse.Registry.Bench;

/// <summary>Registers the benchmark's services, 16 at a time.</summary>
internal static class Registrations
{
    /// <summary>Registers <c>&lt;prefix&gt;-&lt;i&gt;</c> of <paramref name="type"/> for i in [from, to), and stores each id in <paramref name="ids"/>.</summary>
    public static async Task RegisterAsync(HttpClient http, string[] ids, int from, int to, string prefix = "bench", string type = "bench")
    {
        var next = from - 1;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < to; i = Interlocked.Increment(ref next))
            {
                using var response = await http.PostAsJsonAsync("/api/v1/services/register", new Dictionary<string, object>
                {
                    ["name"] = $"{prefix}-{i}", ["type"] = type, ["api_url"] = $"http://127.0.0.1:{10000 + i % 50000}/",
                    ["capabilities"] = new[] { "bench" },
                });
                response.EnsureSuccessStatusCode();
                ids[i] = (await response.Content.ReadFromJsonAsync<Dictionary<string, object>>())!["id"].ToString()!;
            }
        })));
    }
}
