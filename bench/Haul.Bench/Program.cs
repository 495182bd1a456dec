using Haul.Bench;
using Npgsql;
using Pulse.Bench;
using Pulse.ServiceDefaults;
using Pulse.Testing;

// Two figures of issue 4, against the real graph (PostgreSQL, Redis, registry, Haul; the consumers held back):
//  1. registration latency: from "listening" (ApplicationStarted) to "registered" for a service using Pulse.Client,
//     each run a fresh web host (new connection to the registry); target <= 50 ms;
//  2. Haul's grabs/s: POST /api/v1/torrents with distinct info hashes, driven by wrk; target >= 2,000/s.
// The graph runs in Production, as deployed (DOTNET_ENVIRONMENT overrides it).
const string RegistryKey = "bench-registry-key-0123456789abcdef";
const string HaulKey = "bench-haul-key-0123456789abcdef0123456789";

using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(10));
var ct = cancel.Token;
await using var graph = await PulseGraph.StartAsync(new PulseGraphOptions
{
    ApiKey = RegistryKey,
    Args = BenchGraph.QuietArgs,
    ConfigureBuilder = BenchGraph.WithoutProxies,
    HoldBack = new HashSet<string> { PulseResources.Pilot, PulseResources.Prism },
    Environment = BenchGraph.ProjectEnvironment(new Dictionary<string, Dictionary<string, string>>
    {
        [PulseResources.Haul] = new() { ["Haul__ApiKey"] = HaulKey },
    }),
}, ct);

var registration = await RegistrationLatency.MeasureAsync(graph.Endpoint(PulseResources.Registry), RegistryKey, runs: 30, ct);
Console.WriteLine(registration);

// Haul itself, restarted while the registry is up (at the graph's start the registry may not listen yet).
var restartedAt = DateTimeOffset.UtcNow;
await graph.RestartResourceAsync(PulseResources.Haul, changeEnvironment: null, ct);
Console.WriteLine($"haul restarted with the registry up (console timestamps, started -> registered): " +
    await RegistrationLatency.FromConsoleAsync(token => graph.ConsoleOutputAsync(PulseResources.Haul, token), restartedAt, ct));

var haulDatabase = await graph.ConnectionStringAsync(PulseResources.HaulDatabase, ct);
var grabs = await GrabThroughput.MeasureAsync(graph.Endpoint(PulseResources.Haul), HaulKey, connections: 32, TimeSpan.FromSeconds(15), async () =>
{
    await using var connection = new NpgsqlConnection(haulDatabase);
    await connection.OpenAsync(ct);
    await using var count = new NpgsqlCommand("SELECT count(*) FROM torrents", connection);
    return (long)(await count.ExecuteScalarAsync(ct))!;
});
Console.WriteLine(grabs);
