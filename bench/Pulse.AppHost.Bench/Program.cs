using System.Globalization;
using Pulse.AppHost.Bench;
using Pulse.ServiceDefaults;

// The AppHost's start and stop, as a person runs it (dotnet run --project Pulse.AppHost --no-build): cold (a new empty
// --AppHost:DataDir: initdb, first migrations) and warm (the same data folder again), each timed from the launch until
// registry, Haul, Pilot and Prism all answer /health with 200; then SIGTERM, timed until every process of the run is
// gone. The same-run baseline is Haul alone, its database already up, started with dotnet run --no-build (as Aspire
// starts each project) until its /health answers. Medians of 5 runs (--runs N); free ports throughout, so it never
// collides with a stack already running here. Build first in the configuration to measure, for example:
//   dotnet run -c Release --project bench/Pulse.AppHost.Bench [-- --runs 5] [--arg <AppHost argument>]... [--env NAME=VALUE]... [--exe]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var runs = 5;
var arguments = new List<string>();
var environment = new Dictionary<string, string>();
var builtExecutable = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--runs":
            runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--arg":
            arguments.Add(args[++i]);
            break;
        case "--env" when args[i + 1].Split('=', 2) is [var name, var value]:
            environment[name] = value;
            i++;
            break;
        case "--exe":
            builtExecutable = true;
            break;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Use --runs N, --arg <AppHost argument>, --env NAME=VALUE, --exe.");
            return 2;
    }
}

var repository = Repository.OfThisBench();
var variant = new AppHostVariant(arguments, environment, builtExecutable);
// A variant is measured against the AppHost as is, in alternation, so both see the same load on a shared machine.
List<AppHostVariant> launches = variant.IsDefault ? [variant] : [AppHostVariant.Default, variant];
Console.WriteLine($"Pulse.AppHost bench: {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Trim()}, " +
    $"{repository.Configuration}, {runs} runs; PostgreSQL and Redis as local executables");

var results = launches.ToDictionary(launch => launch, _ => (Cold: new List<AppHostRunResult>(), Warm: new List<AppHostRunResult>()));
var baselineRun = new List<TimeSpan>();
var baselineExe = new List<TimeSpan>();
await using (var database = await BaselineDatabase.StartAsync())
{
    var baseline = new ServiceBaseline(repository, database);
    for (var run = 1; run <= runs; run++)
    {
        foreach (var launch in launches)
        {
            var (cold, warm) = results[launch];
            var appHost = new AppHostRun(repository, launch);
            var dataDir = Directory.CreateDirectory(Path.Combine("/tmp", "pulse-bench-" + Guid.NewGuid().ToString("N")[..8])).FullName;
            var parameters = new Dictionary<string, string>
            {
                [PulseResources.PulseApiKey] = Secret(),
                [PulseResources.PostgresPassword] = Secret(),
                [PulseResources.RedisPassword] = Secret(),
            };
            try
            {
                cold.Add(await appHost.StartAndStopAsync(dataDir, parameters));
                warm.Add(await appHost.StartAndStopAsync(dataDir, parameters));
            }
            finally
            {
                Directory.Delete(dataDir, recursive: true);
            }

            Console.WriteLine($"  run {run}, {launch}: cold {cold[^1].Start.TotalSeconds:0.00} s ({StopOf(cold[^1])}), " +
                $"warm {warm[^1].Start.TotalSeconds:0.00} s ({StopOf(warm[^1])})");
        }

        baselineRun.Add(await baseline.DotnetRunAsync());
        baselineExe.Add(await baseline.ExecutableAsync());
        Console.WriteLine($"  run {run}, baseline: {baselineRun[^1].TotalSeconds:0.00} s (built executable {baselineExe[^1].TotalSeconds:0.00} s)");
    }
}

var baselineMedian = Median(baselineRun);
foreach (var launch in launches)
{
    var (cold, warm) = results[launch];
    Console.WriteLine($"AppHost launched with {launch}:");
    PrintStart("cold start (new empty data folder)", cold, target: 10);
    PrintStart("warm start (same data folder again)", warm, target: 8);
    var stop = Median(cold.Concat(warm).Select(r => r.Stop));
    Console.WriteLine($"  stop (SIGTERM until all {Median(cold.Concat(warm).Select(r => r.Processes))} processes of the run are gone): median {stop.TotalSeconds:0.00} s, " +
        $"cold {List(cold.Select(r => r.Stop))}, warm {List(warm.Select(r => r.Stop))}   (target <= 5 s: {Met(stop, 5)})");
    Console.WriteLine($"      all but Aspire's orchestrator (dcp) gone after: median {Median(cold.Concat(warm).Select(r => r.ServicesGone)).TotalSeconds:0.00} s");
    Console.WriteLine($"  ratio to the baseline: cold {Median(cold.Select(r => r.Start)) / baselineMedian:0.0}, warm {Median(warm.Select(r => r.Start)) / baselineMedian:0.0}");
}

Console.WriteLine($"baseline, Haul alone (its database up) until /health answers: dotnet run --no-build median {baselineMedian.TotalSeconds:0.00} s " +
    $"({List(baselineRun)}); its built executable median {Median(baselineExe).TotalSeconds:0.00} s ({List(baselineExe)})");
return 0;

void PrintStart(string title, List<AppHostRunResult> results, double target)
{
    var median = Median(results.Select(r => r.Start));
    Console.WriteLine($"  {title}: median {median.TotalSeconds:0.00} s ({List(results.Select(r => r.Start))})   (target <= {target:0} s: {Met(median, target)})");
    Console.WriteLine("      each service's first 200 from /health, median: " +
        string.Join(", ", AppHostRun.Services.Select(s => $"{s} {Median(results.Select(r => r.HealthyAt[s])).TotalSeconds:0.00} s")));
    var kinds = results.SelectMany(r => r.CpuSeconds.Keys).Distinct()
        .OrderByDescending(kind => Median(results.Select(r => r.CpuSeconds.GetValueOrDefault(kind))));
    Console.WriteLine($"      CPU used until then, median: {Median(results.Select(r => r.CpuSeconds.Values.Sum())):0.0} s (" +
        string.Join(", ", kinds.Select(kind => $"{kind} {Median(results.Select(r => r.CpuSeconds.GetValueOrDefault(kind))):0.0}")) + ")");
}

// A run's stop, and when it took longer than its target, which processes were the last to go.
static string StopOf(AppHostRunResult result) =>
    $"stop {result.Stop.TotalSeconds:0.00} s, all but dcp gone after {result.ServicesGone.TotalSeconds:0.00} s" +
    (result.Stop.TotalSeconds > 5 ? $", last to go: {result.LastToGo}" : "");

static T Median<T>(IEnumerable<T> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}

static string List(IEnumerable<TimeSpan> values) => string.Join(", ", values.Select(v => v.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)));

static string Met(TimeSpan value, double targetSeconds) => value.TotalSeconds <= targetSeconds ? "met" : "NOT met";

static string Secret() => Guid.NewGuid().ToString("N");
