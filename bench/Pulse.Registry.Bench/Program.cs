using System.Diagnostics;
using System.Globalization;
using Pulse.Bench;
using Pulse.Client;
using Pulse.Registry.Bench;
using Pulse.ServiceDefaults;
using Pulse.Testing;

// The registry benchmark (issue 3): heartbeats vs etcd and vs a no-op endpoint, registrations, blocking-read fan-out,
// and the registry's CPU and RSS at 10,000 services heartbeating every 30 s. Run:
//   dotnet run -c Release --project bench/Pulse.Registry.Bench [-- --seconds 10] [--replicas | --heartbeats]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var seconds = args.SkipWhile(arg => arg != "--seconds").Skip(1).Select(arg => int.Parse(arg, CultureInfo.InvariantCulture)).DefaultIfEmpty(10).First();

// --replicas: only the comparison of 1 and 3 registry replicas behind the public port, and the failover time.
if (args.Contains("--replicas"))
{
    await ReplicasRun.RunAsync(TimeSpan.FromSeconds(seconds));
    return;
}

// --heartbeats: only the registrations and the flat-out heartbeats against the no-op (the figures the full run prints
// first), to compare builds quickly.
var heartbeatsOnly = args.Contains("--heartbeats");

const string Key = "bench-registry-key-0123456789abcdef";
const int Services = 10_000;

// Per-service keys: the first 1,000 services each get a principal of their own (bench-<i>, type bench), seeded from
// configuration, to compare heartbeats with their own keys against heartbeats with the operator's key, on the same
// services in the same run. The key cache is one dictionary lookup whatever its size; 1,000 keep the registry's
// environment small.
const int KeyedServices = 1_000;
static string ServiceKey(int i) => $"bench-service-key-{i:D5}-0123456789abcdef";
var registryEnvironment = new Dictionary<string, string>
{
    ["Registry__BenchmarkNoOp"] = "true",
    ["Logging__LogLevel__Pulse.Registry"] = "Warning",
};
for (var i = 0; i < KeyedServices; i++)
{
    registryEnvironment[$"Registry__Principals__bench-{i}__ServiceType"] = "bench";
    registryEnvironment[$"Registry__Principals__bench-{i}__Key"] = ServiceKey(i);
}

// A deployed registry runs in Production (no developer exception page; the OpenTelemetry SDK's own sampling and export
// intervals, where Development exports every second for a dashboard watched live). DOTNET_ENVIRONMENT overrides it.
var environment = BenchGraph.EnvironmentName;
await using var graph = await PulseGraph.StartAsync(new PulseGraphOptions
{
    ApiKey = Key,
    Args = BenchGraph.QuietArgs,
    HoldBack = new HashSet<string> { PulseResources.Haul, PulseResources.Pilot, PulseResources.Prism },
    Environment = BenchGraph.ProjectEnvironment(new Dictionary<string, Dictionary<string, string>>
    {
        [PulseResources.Registry] = registryEnvironment,
    }),
    ConfigureBuilder = builder =>
    {
        BenchGraph.WithoutProxies(builder);

        // A blocking-read fan-out has the registry open its whole connection pool (100) at once, and the AppHost's
        // health checks keep connections of their own to the server: PostgreSQL's default of 100 would refuse some.
        ReplicaGraph.AllowPostgresConnections(builder, 200);
    },
}, CancellationToken.None);
var registryUrl = graph.Endpoint(PulseResources.Registry);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 2000 }) { BaseAddress = registryUrl, Timeout = TimeSpan.FromMinutes(2) };
http.DefaultRequestHeaders.Add(PulseHeaders.ApiKey, Key);
Console.WriteLine($"Pulse.Registry benchmark: {Environment.ProcessorCount} cores, {Services} services, wrk at 64 connections for {seconds} s, {environment}");

var registryPid = await ProcessIds.OfAsync(graph, PulseResources.Registry, CancellationToken.None);
var cpu = new CpuMeter([registryPid], await ProcessIds.OfAsync(graph, PulseResources.Postgres, CancellationToken.None));

// Registrations, 16 concurrent clients. The first 2,000 warm the registry up (its code is still being compiled to its
// final tier, as the heartbeat path is before its own measurement); the other 8,000 are measured.
const int WarmUpRegistrations = 2_000;
var ids = new string[Services];
await RegisterAsync(0, WarmUpRegistrations);
var cpuBefore = cpu.Read();
var watch = Stopwatch.StartNew();
await RegisterAsync(WarmUpRegistrations, Services);
Console.WriteLine($"registrations:        {(Services - WarmUpRegistrations) / watch.Elapsed.TotalSeconds,10:F0} /s   (target >= 500/s)   " +
    cpu.PerOperation(cpuBefore, Services - WarmUpRegistrations));

Task RegisterAsync(int from, int to) => Registrations.RegisterAsync(http, ids, from, to);

var idFile = Path.Combine(Path.GetTempPath(), $"pulse-bench-ids-{Guid.NewGuid():N}.txt");
await File.WriteAllLinesAsync(idFile, ids);
var env = new Dictionary<string, string> { ["PULSE_IDS"] = idFile, ["PULSE_KEY"] = Key };
if (Wrk.Available)
{
    const string heartbeatLua = HeartbeatScript.Lua;
    const string noOpLua = """
        local noOp
        init = function(args) noOp = wrk.format("GET", "/api/v1/noop", { ["X-Api-Key"] = os.getenv("PULSE_KEY") }) end
        request = function() return noOp end
        """;
    var duration = TimeSpan.FromSeconds(seconds);
    // Warm-up: after 10,000 registrations the heartbeat path still has to be compiled at its final tier.
    await Wrk.RunAsync(registryUrl.ToString(), heartbeatLua, 64, TimeSpan.FromSeconds(10), env);
    cpuBefore = cpu.Read();
    var (heartbeats, heartbeatP99, _, heartbeatCount) = await Wrk.RunAsync(registryUrl.ToString(), heartbeatLua, 64, duration, env);
    Console.WriteLine($"heartbeats, flat out: {heartbeats,10:F0} /s   p99 {heartbeatP99:F2} ms   (target >= 40,000/s)   " +
        cpu.PerOperation(cpuBefore, heartbeatCount));

    // A closed loop at its limit measures a queue: wrk and the registry both want both cores, and the p99 is how long
    // a request waits for one. Paced, each client pausing 1 ms after three heartbeats in four, the registry sustains a
    // rate above the target without a queue, and the p99 is the latency of that rate.
    if (!heartbeatsOnly)
    {
        const string pacing = "\ndelay = function() return math.random() < 0.25 and 0 or 1 end\n";
        var (paced, pacedP99, _, _) = await Wrk.RunAsync(registryUrl.ToString(), heartbeatLua + pacing, 64, duration, env);
        Console.WriteLine($"heartbeats, paced:    {paced,10:F0} /s   p99 {pacedP99:F2} ms   (target p99 <= 5 ms at >= 40,000/s)");
    }

    cpuBefore = cpu.Read();
    var (noOp, noOpP99, _, noOpCount) = await Wrk.RunAsync(registryUrl.ToString(), noOpLua, 64, duration, env);
    Console.WriteLine($"authenticated no-op:  {noOp,10:F0} /s   p99 {noOpP99:F2} ms   " + cpu.PerOperation(cpuBefore, noOpCount));
    Console.WriteLine($"ratio heartbeat/no-op: {heartbeats / noOp,9:F2}        (target >= 0.5)");
    if (heartbeatsOnly)
    {
        File.Delete(idFile);
        return;
    }

    if (Etcd.Available)
    {
        await using var etcd = await Etcd.StartAsync();
        var lease = await etcd.GrantLeaseAsync(90);
        var keepAliveLua = $$"""
            local keepAlive
            init = function(args)
              keepAlive = wrk.format("POST", "/v3/lease/keepalive", { ["Content-Type"] = "application/json" }, '{"ID":"{{lease}}"}')
            end
            request = function() return keepAlive end
            """;
        await Wrk.RunAsync(etcd.Url, keepAliveLua, 64, TimeSpan.FromSeconds(3), env);
        var (etcdRate, etcdP99, _, _) = await Wrk.RunAsync(etcd.Url, keepAliveLua, 64, duration, env);
        Console.WriteLine($"etcd lease keepalive: {etcdRate,10:F0} /s   p99 {etcdP99:F2} ms");
        Console.WriteLine($"ratio registry/etcd:  {heartbeats / etcdRate,10:F2}        (target >= 3)");
    }
    else
    {
        Console.WriteLine("etcd: not installed (apt-get install -y etcd-server); ratio skipped");
    }
}
else
{
    Console.WriteLine("wrk: not installed (apt-get install -y wrk); heartbeat throughput skipped");
}

// Blocking reads: 1,000 readers wait on the index; one change answers them all. Two untimed fan-outs warm the path up
// (the JIT compiles it at its final tier over the first ones), then five are timed: one fan-out is a small sample on a
// shared machine, so each one's p99 is printed, and their median.
const int WarmUpFanOuts = 2, TimedFanOuts = 5;
for (var round = 1; round <= WarmUpFanOuts; round++)
{
    await FanOut.RunAsync(http, registryUrl, Key, round);
}

var fanOuts = new List<FanOutResult>();
for (var round = WarmUpFanOuts + 1; round <= WarmUpFanOuts + TimedFanOuts; round++)
{
    fanOuts.Add(await FanOut.RunAsync(http, registryUrl, Key, round));
}

var median = fanOuts.OrderBy(fanOut => fanOut.Latencies[989]).ElementAt(TimedFanOuts / 2);
Console.WriteLine($"blocking reads:       1,000 readers, p99 {string.Join(", ", fanOuts.Select(f => f.Latencies[989].ToString("F1", CultureInfo.InvariantCulture)))} ms over {TimedFanOuts} fan-outs, " +
    $"median {median.Latencies[989]:F1} ms   (target p99 <= 50 ms)");
Console.WriteLine($"    median fan-out: first answer {median.Latencies[0]:F1} ms, p50 {median.Latencies[500]:F1} ms; the change itself answered in " +
    $"{string.Join(", ", fanOuts.Select(f => f.ChangeMs.ToString("F1", CultureInfo.InvariantCulture)))} ms; the benchmark's own GC paused " +
    $"{fanOuts.Sum(f => f.BenchPauses.TotalMilliseconds):F0} ms meanwhile");

// Steady state: 10,000 services heartbeating every 30 s (333/s) for 30 s.
cpuBefore = cpu.Read();
watch.Restart();
var sent = 0;
var steady = TimeSpan.FromSeconds(30);
var pending = new List<Task>();
while (watch.Elapsed < steady)
{
    var due = (int)(watch.Elapsed.TotalSeconds * Services / 30.0);
    for (; sent < due; sent++)
    {
        pending.Add(http.PutAsync($"/api/v1/services/{ids[sent % Services]}/heartbeat", null));
    }

    await Task.Delay(10);
}

await Task.WhenAll(pending);
var steadyCpu = (cpu.Read().RegistrySeconds - cpuBefore.RegistrySeconds) / watch.Elapsed.TotalSeconds * 100;
var rss = CpuMeter.RssMegabytes(registryPid);
Console.WriteLine($"steady 333 hb/s:      registry CPU {steadyCpu:F1}% of one core, RSS {rss:F0} MB   (target <= 10%, <= 250 MB)");
File.Delete(idFile);

// Last, since its runs renew only 1,000 of the services and the others' leases lapse meanwhile.
if (Wrk.Available)
{
    await ComparePerServiceKeysAsync(TimeSpan.FromSeconds(seconds));
}

// Per-service keys against the operator's key, on the same 1,000 services: each key resolves to its principal, and
// each heartbeat checks that the service's id belongs to it. The two alternate in the order A B B A, twice, so that
// a load on the shared machine that rises or falls during the runs weighs on both alike; each side's rate is its
// requests over its time, and the CPU per heartbeat of the registry is read for each.
async Task ComparePerServiceKeysAsync(TimeSpan duration)
{
    var keyedFile = Path.Combine(Path.GetTempPath(), $"pulse-bench-keyed-{Guid.NewGuid():N}.txt");
    await File.WriteAllLinesAsync(keyedFile, Enumerable.Range(0, KeyedServices).Select(i => $"{ids[i]} {ServiceKey(i)}"));
    var operatorEnv = new Dictionary<string, string> { ["PULSE_IDS"] = keyedFile, ["PULSE_KEY"] = Key };
    var serviceEnv = new Dictionary<string, string> { ["PULSE_IDS"] = keyedFile, ["PULSE_KEY"] = "" };
    await Wrk.RunAsync(registryUrl.ToString(), HeartbeatScript.Lua, 64, TimeSpan.FromSeconds(5), serviceEnv);
    double operatorCpu = 0, serviceCpu = 0;
    long operatorCount = 0, serviceCount = 0, failedKeyed = 0;
    var rounds = new List<string>();
    foreach (var perService in new[] { false, true, true, false, false, true, true, false })
    {
        var before = cpu.Read();
        var (rate, _, failed, requests) = await Wrk.RunAsync(registryUrl.ToString(), HeartbeatScript.Lua, 64, duration, perService ? serviceEnv : operatorEnv);
        var used = cpu.Read().RegistrySeconds - before.RegistrySeconds;
        failedKeyed += failed;
        rounds.Add($"{(perService ? "S" : "O")} {rate:F0}");
        if (perService)
        {
            serviceCpu += used;
            serviceCount += requests;
        }
        else
        {
            operatorCpu += used;
            operatorCount += requests;
        }
    }

    // CPU per heartbeat moves far less than throughput when other work shares the machine.
    var operatorRate = operatorCount / (4 * duration.TotalSeconds);
    var serviceRate = serviceCount / (4 * duration.TotalSeconds);
    var operatorMicros = operatorCpu * 1e6 / operatorCount;
    var serviceMicros = serviceCpu * 1e6 / serviceCount;
    File.Delete(keyedFile);
    Console.WriteLine($"heartbeats, operator key:      {operatorRate,10:F0} /s   ({KeyedServices} services; mean of 4 runs)");
    Console.WriteLine($"heartbeats, per-service keys:  {serviceRate,10:F0} /s   (the same services, each with its own key; mean of 4 runs)");
    Console.WriteLine($"ratio per-service/operator key: {serviceRate / operatorRate,7:F3}        (target >= 0.95; runs: {string.Join(", ", rounds)})");
    // A refused heartbeat (401, 403, 404) would be cheaper than a renewal and flatter the figures: there must be none.
    Console.WriteLine($"    answers other than 204 in these runs: {failedKeyed}");
    Console.WriteLine($"registry CPU per heartbeat: operator key {operatorMicros:F1} us, per-service keys {serviceMicros:F1} us (ratio {operatorMicros / serviceMicros:F3})");
}
