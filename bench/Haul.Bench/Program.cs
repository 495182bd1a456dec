extern alias apphost;

using Haul.Bench;
using Npgsql;
using Pulse.Hosting.Testing;
using Pulse.ServiceDefaults;

// Two figures of issue 4, against the real graph (PostgreSQL, Redis, registry, Haul; the consumers held back):
//  1. registration latency: from "listening" (ApplicationStarted) to "registered" for a service using Pulse.Client,
//     each run a fresh web host (new connection to the registry); target <= 50 ms;
//  2. Haul's grabs/s: POST /api/v1/torrents with distinct info hashes, driven by wrk; target >= 2,000/s.
// The graph runs in Production, as deployed (DOTNET_ENVIRONMENT overrides it).
const string RegistryKey = "bench-registry-key-0123456789abcdef";
const string HaulKey = "bench-haul-key-0123456789abcdef0123456789";

using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(10));
var ct = cancel.Token;
var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Production";
var builder = await DistributedApplicationTestingBuilder.CreateAsync<apphost::Program>(
    [$"--Parameters:pulse-api-key={RegistryKey}", $"--DOTNET_ENVIRONMENT={environment}"], ct);
builder.HoldBack(PulseResources.Pilot, PulseResources.Prism);
builder.WithEnvironment(PulseResources.Haul, "Haul__ApiKey", HaulKey);
await using var app = builder.Build();
await app.StartAsync(ct);
await app.WaitForResourceHealthyAsync(PulseResources.Registry, ct);
await app.WaitForResourceHealthyAsync(PulseResources.Haul, ct);

var registration = await RegistrationLatency.MeasureAsync(app.Endpoint(PulseResources.Registry).Url, RegistryKey, runs: 30, ct);
Console.WriteLine(registration);

// Haul itself, restarted while the registry is up (at the graph's start the registry may not listen yet).
var restartedAt = DateTimeOffset.UtcNow;
await app.RestartResourceAsync(PulseResources.Haul, cancellationToken: ct);
await app.WaitForResourceHealthyAsync(PulseResources.Haul, ct);
Console.WriteLine($"haul restarted with the registry up (console timestamps, started -> registered): " +
    await RegistrationLatency.FromConsoleAsync(() => app.GetConsoleOutput(PulseResources.Haul), restartedAt, ct));

var haulDatabase = await app.GetConnectionStringAsync(PulseResources.HaulDatabase, ct);
var grabs = await GrabThroughput.MeasureAsync(app.Endpoint(PulseResources.Haul).Url, HaulKey, connections: 32, TimeSpan.FromSeconds(15), async () =>
{
    await using var connection = new NpgsqlConnection(haulDatabase);
    await connection.OpenAsync(ct);
    await using var count = new NpgsqlCommand("SELECT count(*) FROM torrents", connection);
    return (long)(await count.ExecuteScalarAsync(ct))!;
});
Console.WriteLine(grabs);
