using System.Globalization;
using Pulse.Bench;

namespace Pulse.Registry.Bench;

/// <summary>
/// The replicas run (<c>--replicas</c>): heartbeats per second and the blocking-read fan-out through the registry's
/// public port with 1 and with 3 replicas, side by side, and the failover time when a replica is killed. The two
/// graphs run at the same time and the measurements alternate between them (1 3 3 1, twice), so that a load on the
/// shared machine that rises or falls meanwhile weighs on both alike: the ratio is the figure that counts.
/// </summary>
internal static class ReplicasRun
{
    private const string Key = "bench-replicas-key-0123456789abcdef";
    private const int Services = 10_000;
    private const int WrkConnections = 64;
    private const double MinimumRatio = 0.75;

    public static async Task RunAsync(TimeSpan duration)
    {
        var ct = CancellationToken.None;
        Console.WriteLine($"Pulse.Registry benchmark, replicas: {Environment.ProcessorCount} cores, load average {LoadAverage.Now} at start " +
            $"(1, 5, 15 min), {Services:N0} services per graph, {BenchGraph.EnvironmentName}");
        Console.WriteLine("Two graphs side by side, the registry as 1 replica in one and as 3 in the other; every request goes through the registry's " +
            "public port (Aspire's proxy, which spreads connections over the replicas), and measurements alternate between the graphs.");
        await using var one = await ReplicaGraph.StartAsync(1, Key, ct);
        await using var three = await ReplicaGraph.StartAsync(3, Key, ct);
        ReplicaGraph[] graphs = [one, three];
        var idFiles = new Dictionary<ReplicaGraph, string>();
        try
        {
            foreach (var graph in graphs)
            {
                var ids = new string[Services];
                await Registrations.RegisterAsync(graph.Http, ids, 0, Services);
                var taught = await graph.TeachReplicasAsync(ids, Key);
                Console.WriteLine($"  {graph.Label}: {Services:N0} services registered through the public port; one heartbeat of each sent to each " +
                    $"replica at its own address ({taught.TotalSeconds:F1} s), so that every replica knows every service, as in a registry that has run a while" +
                    (Registrations.Retried > 0 ? $"; registrations retried after a 503 so far: {Registrations.Retried}" : ""));
                idFiles[graph] = Path.Combine(Path.GetTempPath(), $"pulse-bench-ids-{Guid.NewGuid():N}.txt");
                await File.WriteAllLinesAsync(idFiles[graph], ids, ct);
            }

            if (Wrk.Available)
            {
                await CompareHeartbeatsAsync(one, three, idFiles, duration, ct);
            }
            else
            {
                Console.WriteLine("wrk: not installed (apt-get install -y wrk); heartbeat throughput skipped");
            }

            await CompareFanOutsAsync(one, three);
        }
        finally
        {
            foreach (var file in idFiles.Values)
            {
                File.Delete(file);
            }
        }

        await Failover.RunAsync(three, Key, trials: 3, ct);
    }

    private static async Task CompareHeartbeatsAsync(
        ReplicaGraph one, ReplicaGraph three, Dictionary<ReplicaGraph, string> idFiles, TimeSpan duration, CancellationToken ct)
    {
        Dictionary<string, string> Env(ReplicaGraph graph) => new() { ["PULSE_IDS"] = idFiles[graph], ["PULSE_KEY"] = Key };
        var tallies = new Dictionary<ReplicaGraph, Tally> { [one] = new(await one.CpuMeterAsync(ct)), [three] = new(await three.CpuMeterAsync(ct)) };

        // Warm-up: each replica compiles its heartbeat path at its final tier, and learns each service (its first heartbeat
        // of a service it has not seen goes to PostgreSQL).
        foreach (var graph in tallies.Keys)
        {
            await Wrk.RunAsync(graph.Url.ToString(), HeartbeatScript.Lua, WrkConnections, TimeSpan.FromSeconds(10), Env(graph));
        }

        var load = LoadAverage.Now;
        var runs = new List<string>();
        var spread = new List<string>();
        foreach (var graph in new[] { one, three, three, one, one, three, three, one })
        {
            var tally = tallies[graph];
            var before = tally.Cpu.Read();
            var running = Wrk.RunAsync(graph.Url.ToString(), HeartbeatScript.Lua, WrkConnections, duration, Env(graph));
            if (spread.Count < 2 && graph == (spread.Count == 0 ? one : three))
            {
                await Task.Delay(duration / 2, ct);
                spread.Add(graph.ConnectionsPerReplica());
            }

            var result = await running;
            var after = tally.Cpu.Read();
            tally.Add(result, after.RegistrySeconds - before.RegistrySeconds, after.PostgresSeconds - before.PostgresSeconds);
            runs.Add($"{graph.Count}: {result.RequestsPerSecond:F0}");
        }

        var rate = tallies.ToDictionary(pair => pair.Key, pair => pair.Value.Requests / (4 * duration.TotalSeconds));
        var ratio = rate[three] / rate[one];
        Console.WriteLine();
        Console.WriteLine($"Heartbeats through the public port: wrk, {WrkConnections} connections over {Services:N0} services, 4 runs of {duration.TotalSeconds:F0} s " +
            $"for each graph in the order 1 3 3 1 1 3 3 1, after a 10 s warm-up each; load average {load} before the runs, {LoadAverage.Now} after");
        Console.WriteLine($"  {"",-34}{one.Label,14}{three.Label,14}{"3 / 1",10}");
        Console.WriteLine($"  {"heartbeats/s, mean of 4 runs",-34}{rate[one],14:N0}{rate[three],14:N0}{ratio,10:F2}   " +
            $"(target >= {MinimumRatio:F2}, at most {1 - MinimumRatio:P0} lost: {(ratio >= MinimumRatio ? "holds" : "does not hold")})");
        Console.WriteLine($"  {"p99, median of 4 runs (ms)",-34}{tallies[one].MedianP99,14:F1}{tallies[three].MedianP99,14:F1}{tallies[three].MedianP99 / tallies[one].MedianP99,10:F2}");
        Console.WriteLine($"  {"registry CPU per heartbeat (us)",-34}{tallies[one].RegistryMicros,14:F1}{tallies[three].RegistryMicros,14:F1}" +
            $"{tallies[three].RegistryMicros / tallies[one].RegistryMicros,10:F2}   (every replica's process)");
        Console.WriteLine($"  {"PostgreSQL CPU per heartbeat (us)",-34}{tallies[one].PostgresMicros,14:F1}{tallies[three].PostgresMicros,14:F1}" +
            $"{tallies[three].PostgresMicros / tallies[one].PostgresMicros,10:F2}");
        Console.WriteLine($"  {"answers other than 204",-34}{tallies[one].Failed,14}{tallies[three].Failed,14}");
        Console.WriteLine($"  runs (replicas: heartbeats/s): {string.Join(", ", runs)}");
        Console.WriteLine($"  connections each replica held in the middle of a run (wrk's {WrkConnections} through the proxy, and health checks): {string.Join("; ", spread)}");
    }

    private static async Task CompareFanOutsAsync(ReplicaGraph one, ReplicaGraph three)
    {
        const int WarmUpFanOuts = 2, TimedFanOuts = 5;
        var fanOuts = new Dictionary<ReplicaGraph, List<FanOutResult>> { [one] = [], [three] = [] };
        var load = LoadAverage.Now;
        for (var round = 1; round <= WarmUpFanOuts + TimedFanOuts; round++)
        {
            foreach (var graph in round % 2 == 0 ? new[] { one, three } : [three, one])
            {
                var result = await FanOut.RunAsync(graph.Http, graph.Url, Key, round);
                if (round > WarmUpFanOuts)
                {
                    fanOuts[graph].Add(result);
                }
            }
        }

        double Median(ReplicaGraph graph, Func<FanOutResult, double> figure) => fanOuts[graph].Select(figure).Order().ElementAt(TimedFanOuts / 2);
        string Each(ReplicaGraph graph) => string.Join(", ", fanOuts[graph].Select(f => f.P99.ToString("F1", CultureInfo.InvariantCulture)));
        Console.WriteLine();
        Console.WriteLine($"Blocking reads through the public port: {FanOut.Readers:N0} readers parked, one change answers them all; {WarmUpFanOuts} untimed " +
            $"and {TimedFanOuts} timed fan-outs for each graph, alternating; load average {load} before, {LoadAverage.Now} after");
        Console.WriteLine($"  {"",-34}{one.Label,14}{three.Label,14}{"3 / 1",10}");
        Console.WriteLine($"  {"p99 (ms), median of 5 fan-outs",-34}{Median(one, f => f.P99),14:F1}{Median(three, f => f.P99),14:F1}" +
            $"{Median(three, f => f.P99) / Median(one, f => f.P99),10:F2}   (target p99 <= 50 ms)");
        Console.WriteLine($"  {"p50 (ms), median of 5 fan-outs",-34}{Median(one, f => f.Latencies[f.Latencies.Length / 2]),14:F1}" +
            $"{Median(three, f => f.Latencies[f.Latencies.Length / 2]),14:F1}");
        Console.WriteLine($"  {"the change itself (ms), median",-34}{Median(one, f => f.ChangeMs),14:F1}{Median(three, f => f.ChangeMs),14:F1}");
        Console.WriteLine($"  p99 of each fan-out (ms): 1 replica {Each(one)}; 3 replicas {Each(three)}; the benchmark's own GC paused " +
            $"{fanOuts.Values.SelectMany(f => f).Sum(f => f.BenchPauses.TotalMilliseconds):F0} ms meanwhile");
    }

    /// <summary>One graph's heartbeat runs, added up.</summary>
    private sealed class Tally(CpuMeter cpu)
    {
        private readonly List<double> _p99s = [];
        private double _registrySeconds;
        private double _postgresSeconds;

        public CpuMeter Cpu => cpu;

        public long Requests { get; private set; }

        public long Failed { get; private set; }

        public double MedianP99 => _p99s.Order().ElementAt(_p99s.Count / 2);

        public double RegistryMicros => _registrySeconds * 1e6 / Requests;

        public double PostgresMicros => _postgresSeconds * 1e6 / Requests;

        public void Add(WrkResult result, double registrySeconds, double postgresSeconds)
        {
            Requests += result.Requests;
            Failed += result.Failed;
            _p99s.Add(result.P99Ms);
            _registrySeconds += registrySeconds;
            _postgresSeconds += postgresSeconds;
        }
    }
}
