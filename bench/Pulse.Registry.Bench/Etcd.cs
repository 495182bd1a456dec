using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Pulse.Registry.Bench;

/// <summary>etcd 3.4 (Debian <c>etcd-server</c>) on loopback, for the lease-renewal comparison.</summary>
internal sealed class Etcd : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataDir;

    private Etcd(Process process, string dataDir, string url)
    {
        _process = process;
        _dataDir = dataDir;
        Url = url;
    }

    public static bool Available => File.Exists("/usr/bin/etcd");

    public string Url { get; }

    public static async Task<Etcd> StartAsync()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), $"pulse-bench-etcd-{Guid.NewGuid():N}");
        var client = $"http://127.0.0.1:{FreePort()}";
        var peer = $"http://127.0.0.1:{FreePort()}";
        var process = Process.Start(new ProcessStartInfo("/usr/bin/etcd",
            ["--data-dir", dataDir, "--listen-client-urls", client, "--advertise-client-urls", client,
             "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", $"default={peer}",
             "--log-level", "error"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var etcd = new Etcd(process, dataDir, client);
        using var http = new HttpClient { BaseAddress = new Uri(client) };
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var health = await http.GetAsync("/health");
                if (health.IsSuccessStatusCode)
                {
                    return etcd;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            await Task.Delay(100);
        }
    }

    public async Task<string> GrantLeaseAsync(int ttlSeconds)
    {
        using var http = new HttpClient { BaseAddress = new Uri(Url) };
        using var response = await http.PostAsJsonAsync("/v3/lease/grant", new Dictionary<string, int> { ["TTL"] = ttlSeconds });
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("ID").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_dataDir, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
