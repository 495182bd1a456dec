using System.Globalization;
using Pulse.AppHost.Bench;
using Pulse.ServiceDefaults;

// The AppHost's start and stop, as a person runs it (dotnet run --project Pulse.AppHost --no-build): cold (a new empty
// --AppHost:DataDir: initdb, first migrations) and warm (the same data folder again), each timed from the launch until
// registry, Haul, Pilot and Prism all answer /health with 200; then SIGTERM, timed until every process of the run is
// gone. The same-run baseline is Haul alone, its database already up, started with dotnet run --no-build (as Aspire
// starts each project) until its /health answers. Medians of 5 runs; free ports throughout, so it never collides with
// a stack already running here. Build first in the configuration to measure, for example:
//   dotnet run -c Release --project bench/Pulse.AppHost.Bench [-- --runs N] [--arg <AppHost argument>]... [--env NAME=VALUE]... [--exe]
// --arg, --env and --exe describe a variant of the launch, measured in alternation with the AppHost as is.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (BenchOptions.Parse(args, out var error) is not { } options)
{
    Console.Error.WriteLine(error);
    return 2;
}

var repository = Repository.OfThisBench();
List<AppHostVariant> launches = options.Variant.IsDefault ? [options.Variant] : [AppHostVariant.Default, options.Variant];
Console.WriteLine($"Pulse.AppHost bench: {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Trim()}, " +
    $"{repository.Configuration}, {options.Runs} runs; PostgreSQL and Redis as local executables");

var results = launches.ToDictionary(launch => launch, _ => (Cold: new List<AppHostRunResult>(), Warm: new List<AppHostRunResult>()));
var baselineRun = new List<TimeSpan>();
var baselineExe = new List<TimeSpan>();
await using (var database = await BaselineDatabase.StartAsync())
{
    var baseline = new ServiceBaseline(repository, database);
    for (var run = 1; run <= options.Runs; run++)
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
            foreach (var service in PulseResources.Services)
            {
                parameters[PulseResources.ServiceKey(service)] = Secret();
            }
            try
            {
                cold.Add(await appHost.StartAndStopAsync(dataDir, parameters));
                warm.Add(await appHost.StartAndStopAsync(dataDir, parameters));
            }
            finally
            {
                Directory.Delete(dataDir, recursive: true);
            }

            Report.PrintRun(run, launch, cold[^1], warm[^1]);
        }

        baselineRun.Add(await baseline.DotnetRunAsync());
        baselineExe.Add(await baseline.ExecutableAsync());
        Console.WriteLine($"  run {run}, baseline: {Report.Seconds(baselineRun[^1])} s (built executable {Report.Seconds(baselineExe[^1])} s)");
    }
}

var baselineMedian = Report.Median(baselineRun);
foreach (var launch in launches)
{
    var (cold, warm) = results[launch];
    Console.WriteLine($"AppHost launched with {launch}:");
    Report.PrintStart("cold start (new empty data folder)", cold, targetSeconds: 10);
    Report.PrintStart("warm start (same data folder again)", warm, targetSeconds: 8);
    Report.PrintStop(cold, warm);
    Console.WriteLine($"  ratio to the baseline: cold {Report.Median(cold.Select(r => r.Start)) / baselineMedian:0.0}, " +
        $"warm {Report.Median(warm.Select(r => r.Start)) / baselineMedian:0.0}");
}

Console.WriteLine($"baseline, Haul alone (its database up) until /health answers: dotnet run --no-build median {Report.Seconds(baselineMedian)} s " +
    $"({Report.List(baselineRun)}); its built executable median {Report.Seconds(Report.Median(baselineExe))} s ({Report.List(baselineExe)})");
return 0;

static string Secret() => Guid.NewGuid().ToString("N");
