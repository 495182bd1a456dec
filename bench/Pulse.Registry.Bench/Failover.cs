using System.Diagnostics;

namespace Pulse.Registry.Bench;

/// <summary>
/// The failover time: many clients heartbeat through the registry's public port, one replica is killed (SIGKILL), and
/// each heartbeat that failed is timed until its client's next successful one. A probe that opens a new connection for
/// every heartbeat shows where the proxy sends new connections meanwhile, and while the replica starts again.
/// </summary>
internal static class Failover
{
    private const int Clients = 300;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ProbePause = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan SteadyBefore = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Watched = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan AfterRestart = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Target = TimeSpan.FromSeconds(2);

    public static async Task RunAsync(ReplicaGraph graph, string key, int trials, CancellationToken cancellationToken)
    {
        var ids = new string[Clients + 1];
        await Registrations.RegisterAsync(graph.Http, ids, 0, ids.Length, "failover", "bench-failover");
        Console.WriteLine();
        Console.WriteLine($"Failover, {graph.Label}: {Clients} clients heartbeat through the public port, each on a keep-alive connection of its own, " +
            $"{Pause.TotalMilliseconds:F0} ms after each answer or failure (timeout {HeartbeatLoop.Timeout.TotalSeconds:F0} s); a probe heartbeats every " +
            $"{ProbePause.TotalMilliseconds:F0} ms on a new connection each time. Each of {trials} trials: the clients connect afresh, run " +
            $"{SteadyBefore.TotalSeconds:F0} s, one replica is SIGKILLed, they are watched for {Watched.TotalSeconds:F0} s (longer if a client is not yet " +
            "served again), and the replica is started again (Aspire's start command) while they run.");
        var results = new List<Trial>();
        for (var trial = 1; trial <= trials; trial++)
        {
            var victim = graph.Replicas[trial % graph.Replicas.Count];
            var result = await RunTrialAsync(graph, key, ids, victim, cancellationToken);
            results.Add(result);
            result.Print(trial);
        }

        var failedOver = results.SelectMany(result => result.FailedOver()).Order().ToArray();
        var served = results.SelectMany(result => result.NextAnswer(result.KilledAt)).Order().ToArray();
        var holds = Percentile(failedOver, 0.99) <= Target.TotalMilliseconds;
        Console.WriteLine($"  all {trials} trials: {failedOver.Length} heartbeats failed over (in flight at the SIGKILL or failed after it), to their client's " +
            $"next success: p50 {Percentile(failedOver, 0.5):F0} ms, p99 {Percentile(failedOver, 0.99):F0} ms, max {failedOver[^1]:F0} ms   " +
            $"(target p99 <= {Target.TotalSeconds:F0} s: {(holds ? "holds" : "does not hold")})");
        Console.WriteLine($"    every client served again after the SIGKILL: {string.Join(", ", results.Select(result => $"{result.NextAnswer(result.KilledAt)[^1]:F0} ms"))}; " +
            $"each client's next answer after it, all trials: p50 {Percentile(served, 0.5):F0} ms, p99 {Percentile(served, 0.99):F0} ms");
    }

    /// <summary>The value at <paramref name="fraction"/> of <paramref name="sorted"/> (nearest rank).</summary>
    public static double Percentile(double[] sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(sorted.Length * fraction) - 1, 0, sorted.Length - 1)];

    private static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    private static async Task<Trial> RunTrialAsync(ReplicaGraph graph, string key, string[] ids, string victim, CancellationToken cancellationToken)
    {
        var clients = Enumerable.Range(0, Clients).Select(i => new HeartbeatLoop(graph.Url, key, ids[i], freshConnections: false)).ToList();
        using var probe = new HeartbeatLoop(graph.Url, key, ids[Clients], freshConnections: true);
        using var stop = new CancellationTokenSource();
        var running = clients.Select(client => client.RunAsync(Pause, stop.Token)).Append(probe.RunAsync(ProbePause, stop.Token)).ToList();
        long killStart, killedAt, restartFrom, restartTo;
        string load, spread;
        try
        {
            await UntilAsync(() => clients.TrueForAll(client => client.EverServed), "every client had a heartbeat answered", cancellationToken);
            await Task.Delay(SteadyBefore, cancellationToken);
            load = LoadAverage.Now;
            spread = graph.ConnectionsPerReplica();
            killStart = Stopwatch.GetTimestamp();
            var death = graph.Graph.KillAsync(victim, cancellationToken);
            killedAt = Stopwatch.GetTimestamp();
            await death;
            await Task.Delay(Watched, cancellationToken);
            await UntilAsync(() => clients.TrueForAll(client => client.ServedAfterFailuresSince(killStart)), "every client was served again", cancellationToken);
            restartFrom = Stopwatch.GetTimestamp();
            await graph.Graph.StartResourceAsync(victim, cancellationToken);
            restartTo = Stopwatch.GetTimestamp();
            await Task.Delay(AfterRestart, cancellationToken);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(running);
        }

        var trial = new Trial(victim, load, spread, killStart, killedAt, restartFrom, restartTo, [.. clients.Select(client => client.Beats)], probe.Beats);
        clients.ForEach(client => client.Dispose());
        return trial;
    }

    private static async Task UntilAsync(Func<bool> condition, string what, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(Bound.TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"Not within {Bound}: {what}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    /// <summary>One kill: its timestamps, and every heartbeat of the clients and of the probe.</summary>
    private sealed record Trial(
        string Victim, string Load, string Spread, long KillStart, long KilledAt, long RestartFrom, long RestartTo,
        IReadOnlyList<List<Beat>> Clients, List<Beat> Probe)
    {
        /// <summary>
        /// The heartbeats that failed over: every one in flight at the SIGKILL (whichever replica it was on; those on the
        /// killed one hang from the freeze that precedes the kill, and .NET's client resends one on a new connection when
        /// its reused connection closes before any answer), and every one that failed after it. For each, ms from the
        /// SIGKILL (or its start, if later) to the end of its client's next successful heartbeat (itself, if it succeeded).
        /// </summary>
        public IEnumerable<double> FailedOver() =>
            Clients.SelectMany(beats => beats.Select((beat, i) => (beat, i))
                .Where(pair => pair.beat.Started < KilledAt && pair.beat.Ended > KilledAt || pair.beat.Failure is not null && pair.beat.Ended >= KillStart)
                .Select(pair => beats.Skip(pair.i).FirstOrDefault(next => next.Failure is null) is { Ended: > 0 } next
                    ? Ms(Math.Max(pair.beat.Started, KilledAt), next.Ended)
                    : double.PositiveInfinity));

        /// <summary>For each client, ms from <paramref name="from"/> to the end of its first successful heartbeat after it.</summary>
        public double[] NextAnswer(long from) =>
            [.. Clients.Select(beats => beats.FirstOrDefault(beat => beat.Failure is null && beat.Ended > from) is { Ended: > 0 } next
                ? Ms(from, next.Ended)
                : double.PositiveInfinity).Order()];

        public void Print(int number)
        {
            var failures = Clients.SelectMany(beats => beats).Where(beat => beat.Failure is not null).ToList();
            var before = failures.Count(beat => beat.Ended < KillStart);
            var affected = Clients.Count(beats => beats.Exists(beat => beat.Failure is not null && beat.Ended >= KillStart));
            var failedOver = FailedOver().Order().ToArray();
            var served = NextAnswer(KilledAt);
            var steady = NextAnswer(KillStart - Stopwatch.Frequency);
            Console.WriteLine($"  trial {number}: {Victim} frozen and SIGKILLed (load average {Load}; freeze to SIGKILL {Ms(KillStart, KilledAt):F0} ms): " +
                $"{failures.Count} heartbeats failed{Kinds(failures)}, from {affected} of {Clients.Count} clients" +
                (before > 0 ? $" ({before} of them before the kill)" : ""));
            Console.WriteLine($"    connections each replica held before the kill ({Clients.Count} clients, the probe's, health checks): {Spread}");
            Console.WriteLine($"    every client served again {served[^1]:F0} ms after the SIGKILL; from it to each client's next answered heartbeat: " +
                $"p50 {Percentile(served, 0.5):F0} ms, p99 {Percentile(served, 0.99):F0} ms (from an instant 1 s before the kill: " +
                $"p50 {Percentile(steady, 0.5):F0}, p99 {Percentile(steady, 0.99):F0}, max {steady[^1]:F0} ms)");
            Console.WriteLine($"    {failedOver.Length} heartbeats in flight at the SIGKILL or failed after it, to their client's next success: " +
                $"p50 {Percentile(failedOver, 0.5):F0} ms, p99 {Percentile(failedOver, 0.99):F0} ms, max {failedOver[^1]:F0} ms");

            var afterKill = Probe.Where(beat => beat.Started >= KillStart && beat.Started < RestartFrom).ToList();
            var failedAfterKill = afterKill.Where(beat => beat.Failure is not null).ToList();
            var lastFailure = failedAfterKill.Count == 0 ? "" : $", the last {Ms(KilledAt, failedAfterKill[^1].Ended):F0} ms after the SIGKILL";
            var firstSecond = afterKill.Where(beat => Ms(KilledAt, beat.Started) < 1000).ToList();
            var restart = Probe.Where(beat => beat.Started >= RestartFrom).ToList();
            Console.WriteLine($"    probe (a new connection each): before the kill {Probe.Count(beat => beat.Started < KillStart && beat.Failure is not null)} of " +
                $"{Probe.Count(beat => beat.Started < KillStart)} failed; after it {failedAfterKill.Count} of {afterKill.Count}{Kinds(failedAfterKill)} " +
                $"({firstSecond.Count(beat => beat.Failure is not null)} of {firstSecond.Count} in the first second{lastFailure}); while the replica " +
                $"started again ({Ms(RestartFrom, RestartTo) / 1000:F1} s) and {AfterRestart.TotalSeconds:F0} s after, " +
                $"{restart.Count(beat => beat.Failure is not null)} of {restart.Count}{Kinds(restart.Where(beat => beat.Failure is not null))}");
        }

        private static string Kinds(IEnumerable<Beat> failures) =>
            failures.GroupBy(beat => beat.Failure).OrderByDescending(kind => kind.Count()).Select(kind => $"{kind.Key} {kind.Count()}").ToList() is { Count: > 0 } kinds
                ? $" ({string.Join(", ", kinds)})"
                : "";
    }
}
