using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Pulse.Bench;

/// <summary>What one wrk run measured: requests per second, the 99th percentile latency, the non-2xx/3xx answers, and the requests answered.</summary>
internal sealed record WrkResult(double RequestsPerSecond, double P99Ms, long Failed, long Requests);

/// <summary>Runs wrk (Debian package <c>wrk</c>) with a Lua script and reads its throughput and p99.</summary>
internal static partial class Wrk
{
    public static bool Available => File.Exists("/usr/bin/wrk");

    public static async Task<WrkResult> RunAsync(
        string url, string lua, int connections, TimeSpan duration, IDictionary<string, string> environment)
    {
        var script = Path.Combine(Path.GetTempPath(), $"pulse-bench-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, lua);
        var start = new ProcessStartInfo("/usr/bin/wrk",
            ["-t2", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--latency", "-s", script, url])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        File.Delete(script);
        var throughput = RequestsPerSecond().Match(output);
        var p99 = P99().Match(output);
        if (!throughput.Success || !p99.Success)
        {
            Console.WriteLine($"    wrk gave no figures: {output.Trim()} {await process.StandardError.ReadToEndAsync()}");
            return new WrkResult(double.NaN, double.NaN, 0, 0);
        }

        var rps = double.Parse(throughput.Groups[1].Value, CultureInfo.InvariantCulture);
        var ms = double.Parse(p99.Groups[1].Value, CultureInfo.InvariantCulture) * p99.Groups[2].Value switch
        {
            "us" => 0.001,
            "ms" => 1,
            "s" => 1000,
            _ => double.NaN,
        };
        var failed = NonSuccess().Match(output) is { Success: true } errors
            ? long.Parse(errors.Groups[1].Value, CultureInfo.InvariantCulture)
            : 0;
        if (failed > 0)
        {
            Console.WriteLine($"    wrk: {failed} non-2xx or 3xx responses");
        }

        return new WrkResult(rps, ms, failed, long.Parse(Requests().Match(output).Groups[1].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex Requests();

    [GeneratedRegex(@"99%\s+([\d.]+)(us|ms|s)")]
    private static partial Regex P99();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonSuccess();
}
