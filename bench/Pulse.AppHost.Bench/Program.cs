using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Pulse.AppHost.Bench;

// Cold start of the whole graph (already built) until every resource is ready, and the stop after Ctrl+C (SIGINT),
// each the median of 5 runs; "fresh" starts from an empty data folder (initdb included), "warm" from the data the
// previous run kept. The baseline, measured in the same run, is PostgreSQL alone (initdb + pg_ctl start -w), the
// irreducible part of a fresh start.
const int Runs = 5;
var appHost = AppHostRun.LocateAppHost();
Console.WriteLine($"AppHost: {appHost}");

var fresh = new List<AppHostRun.Result>();
var warm = new List<AppHostRun.Result>();
for (var run = 0; run < Runs; run++)
{
    var dataDir = Directory.CreateDirectory(Path.Combine("/tmp", "pulse-bench-" + Guid.NewGuid().ToString("N")[..8])).FullName;
    try
    {
        fresh.Add(await AppHostRun.StartAndStopAsync(appHost, dataDir));
        warm.Add(await AppHostRun.StartAndStopAsync(appHost, dataDir));
    }
    finally
    {
        Directory.Delete(dataDir, recursive: true);
    }
}

var baseline = new List<TimeSpan>();
for (var run = 0; run < Runs; run++)
{
    baseline.Add(await PostgresBaseline.InitAndStartAsync());
}

Report.Print("fresh data folder", fresh);
Report.Print("warm data folder", warm);
var baselineMedian = Report.Median(baseline);
Console.WriteLine($"baseline: PostgreSQL alone (initdb + pg_ctl start -w): median {baselineMedian.TotalSeconds:0.00} s");
Console.WriteLine(
    $"ratio fresh graph / PostgreSQL alone: {Report.Median(fresh.Select(r => r.Start)) / baselineMedian:0.00}");
Console.WriteLine(
    $"target: start <= 10 s: {(Report.Median(fresh.Select(r => r.Start)).TotalSeconds <= 10 ? "met" : "NOT met")}; " +
    $"stop <= 5 s: {(Report.Median(fresh.Concat(warm).Select(r => r.Stop)).TotalSeconds <= 5 ? "met" : "NOT met")}");

namespace Pulse.AppHost.Bench
{
    internal static class Report
    {
        public static TimeSpan Median(IEnumerable<TimeSpan> values)
        {
            var sorted = values.Order().ToList();
            return sorted[sorted.Count / 2];
        }

        public static void Print(string title, List<AppHostRun.Result> results)
        {
            Console.WriteLine(
                $"{title}: start median {Median(results.Select(r => r.Start)).TotalSeconds:0.00} s " +
                $"(runs: {string.Join(", ", results.Select(r => r.Start.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)))}), " +
                $"stop median {Median(results.Select(r => r.Stop)).TotalSeconds:0.00} s");
            foreach (var resource in results[0].ReadyIn.Keys)
            {
                Console.WriteLine(
                    $"    {resource,-10} ready in {Median(results.Select(r => r.ReadyIn[resource])).TotalSeconds:0.00} s (median, from its own launch)");
            }
        }
    }

    internal static partial class AppHostRun
    {
        public sealed record Result(TimeSpan Start, TimeSpan Stop, Dictionary<string, TimeSpan> ReadyIn);

        public static string LocateAppHost()
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
            var repository = output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(repository, "Pulse.AppHost", "bin", output.Parent.Name, output.Name, "Pulse.AppHost.dll");
        }

        public static async Task<Result> StartAndStopAsync(string appHost, string dataDir)
        {
            var startInfo = new ProcessStartInfo("dotnet")
            {
                ArgumentList = { appHost, $"--AppHost:DataDir={dataDir}", "--AppHost:RandomizePorts=true" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            var lines = new List<string>();
            var up = new TaskCompletionSource();
            var stopwatch = Stopwatch.StartNew();
            using var process = Process.Start(startInfo)!;
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    return;
                }

                lock (lines)
                {
                    lines.Add(e.Data);
                }

                if (e.Data.StartsWith("Press Ctrl+C", StringComparison.Ordinal))
                {
                    up.TrySetResult();
                }
            };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            await up.Task.WaitAsync(TimeSpan.FromSeconds(120));
            var start = stopwatch.Elapsed;

            stopwatch.Restart();
            _ = Kill(process.Id, 2); // SIGINT, as Ctrl+C
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            var stop = stopwatch.Elapsed;

            var readyIn = new Dictionary<string, TimeSpan>();
            lock (lines)
            {
                foreach (var match in lines.Select(line => ReadyLine().Match(line)).Where(match => match.Success))
                {
                    readyIn[match.Groups[1].Value] = TimeSpan.FromSeconds(double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
                }
            }

            return new Result(start, stop, readyIn);
        }

        [GeneratedRegex(@"^  (\S+)\s+\S+\s+\S+\s+ready in ([0-9.]+) s$")]
        private static partial Regex ReadyLine();

        [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill")]
        private static partial int Kill(int pid, int signal);
    }

    internal static class PostgresBaseline
    {
        public static async Task<TimeSpan> InitAndStartAsync()
        {
            var bin = Directory.GetDirectories("/usr/lib/postgresql").Max()! + "/bin";
            var folder = Directory.CreateDirectory(Path.Combine("/tmp", "pulse-bench-pg-" + Guid.NewGuid().ToString("N")[..8])).FullName;
            var data = Path.Combine(folder, "data");
            var asPostgres = Environment.UserName == "root";
            if (asPostgres)
            {
                await RunAsync("chown", "postgres:", folder);
            }

            var port = Random.Shared.Next(20000, 30000).ToString(CultureInfo.InvariantCulture);
            var stopwatch = Stopwatch.StartNew();
            await RunAsync(asPostgres, $"{bin}/initdb", "-D", data, "--auth=trust", "--no-locale", "-E", "UTF8", "--no-instructions");
            await RunAsync(asPostgres, $"{bin}/pg_ctl", "-D", data, "-w", "-o", $"-p {port} -h 127.0.0.1 -k {data}", "start");
            var elapsed = stopwatch.Elapsed;
            await RunAsync(asPostgres, $"{bin}/pg_ctl", "-D", data, "-m", "fast", "-w", "stop");
            Directory.Delete(folder, recursive: true);
            return elapsed;
        }

        private static Task RunAsync(bool asPostgres, string program, params string[] arguments) =>
            asPostgres ? RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments]) : RunAsync(program, arguments);

        private static async Task RunAsync(string program, params string[] arguments)
        {
            var startInfo = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }

            using var process = Process.Start(startInfo)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{program} failed: {await output}{await error}");
            }
        }
    }
}
