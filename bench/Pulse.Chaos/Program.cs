using System.Globalization;
using Pulse.Bench;
using Pulse.Chaos;

// The chaos run of issue 15: the whole graph (Haul in poll mode) under steady traffic while PostgreSQL, Redis, the
// registry, Haul and Pilot are frozen and killed at random (from --seed) for --minutes; then the invariants, checked
// and printed. Exit code 0 when every invariant holds, 1 when one failed (its seed is printed), 2 on bad arguments.
var minutes = 10.0;
var seed = Random.Shared.Next(1, 1_000_000);
var settleMinutes = 4.0;
var haulDelivery = "poll";
var plan = 0;
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--minutes" when double.TryParse(value, CultureInfo.InvariantCulture, out var m) && m > 0:
            minutes = m;
            i++;
            break;
        case "--seed" when int.TryParse(value, CultureInfo.InvariantCulture, out var s):
            seed = s;
            i++;
            break;
        case "--settle-minutes" when double.TryParse(value, CultureInfo.InvariantCulture, out var t) && t > 0:
            settleMinutes = t;
            i++;
            break;
        case "--haul-delivery" when value is "poll" or "push":
            haulDelivery = value;
            i++;
            break;
        case "--plan" when int.TryParse(value, CultureInfo.InvariantCulture, out var p) && p > 0:
            plan = p;
            i++;
            break;
        default:
            Console.Error.WriteLine("usage: Pulse.Chaos [--minutes 10] [--seed N] [--settle-minutes 4] [--haul-delivery poll|push] [--plan N]");
            return 2;
    }
}

// --plan N: print the seed's first N faults, without starting anything.
if (plan > 0)
{
    foreach (var fault in FaultPlan.For(seed).Take(plan))
    {
        Console.WriteLine(fault);
    }

    return 0;
}

var options = new ChaosOptions
{
    Duration = TimeSpan.FromMinutes(minutes),
    Seed = seed,
    SettleTimeout = TimeSpan.FromMinutes(settleMinutes),
    HaulDeliveryMode = haulDelivery,
};
var started = TimeProvider.System.GetTimestamp();
void Log(string line) => Console.WriteLine($"[{TimeProvider.System.GetElapsedTime(started):mm\\:ss}] {line}");

Log($"seed {seed}, {minutes:0.##} min of faults, Haul in {haulDelivery} mode; machine: {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Trim()}");

// Bounded as a whole: the graph's start, the faults, the settle and the checks.
using var cancel = new CancellationTokenSource(options.Duration + options.SettleTimeout + TimeSpan.FromMinutes(15));
var setup = ChaosSetup.Create();
await using var graph = await PulseGraph.StartAsync(new PulseGraphOptions
{
    ApiKey = setup.PulseKey,
    Args = [.. ChaosSetup.Args(options), .. BenchGraph.QuietArgs],
    Environment = BenchGraph.ProjectEnvironment(setup.Environment(options)),
}, cancel.Token);
Log("graph started");

var report = await new ChaosRun(graph, setup, options, Log).RunAsync(cancel.Token);
Console.WriteLine();
Console.WriteLine(report.Summary());
return report.AllHold ? 0 : 1;
