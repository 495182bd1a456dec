using System.Globalization;

namespace Pulse.AppHost.Bench;

/// <summary>How the bench prints its figures: medians, each run's values, and whether a target is met.</summary>
internal static class Report
{
    public const double StopTargetSeconds = 5;

    public static void PrintRun(int run, AppHostVariant launch, AppHostRunResult cold, AppHostRunResult warm) =>
        Console.WriteLine($"  run {run}, {launch}: cold {Seconds(cold.Start)} s ({StopOf(cold)}), warm {Seconds(warm.Start)} s ({StopOf(warm)})");

    public static void PrintStart(string title, IReadOnlyList<AppHostRunResult> results, double targetSeconds)
    {
        var median = Median(results.Select(r => r.Start));
        Console.WriteLine($"  {title}: median {Seconds(median)} s ({List(results.Select(r => r.Start))})   (target <= {targetSeconds:0} s: {Met(median, targetSeconds)})");
        Console.WriteLine("      each service's first 200 from /health, median: " +
            string.Join(", ", AppHostRun.Services.Select(s => $"{s} {Seconds(Median(results.Select(r => r.HealthyAt[s])))} s")));
        var kinds = results.SelectMany(r => r.CpuSeconds.Keys).Distinct()
            .Select(kind => (Kind: kind, Seconds: Median(results.Select(r => r.CpuSeconds.GetValueOrDefault(kind)))))
            .Where(kind => kind.Seconds >= 0.05)
            .OrderByDescending(kind => kind.Seconds);
        Console.WriteLine($"      CPU used until then, median: {Median(results.Select(r => r.CpuSeconds.Values.Sum())):0.0} s (" +
            string.Join(", ", kinds.Select(kind => $"{kind.Kind} {kind.Seconds:0.0}")) + ")");
    }

    public static void PrintStop(IReadOnlyList<AppHostRunResult> cold, IReadOnlyList<AppHostRunResult> warm)
    {
        var all = cold.Concat(warm).ToList();
        var median = Median(all.Select(r => r.Stop));
        Console.WriteLine($"  stop (SIGTERM until all {Median(all.Select(r => r.Processes))} processes of the run are gone): median {Seconds(median)} s, " +
            $"cold {List(cold.Select(r => r.Stop))}, warm {List(warm.Select(r => r.Stop))}   (target <= {StopTargetSeconds:0} s: {Met(median, StopTargetSeconds)})");
        Console.WriteLine($"      all but Aspire's orchestrator (dcp) gone after: median {Seconds(Median(all.Select(r => r.ServicesGone)))} s");
    }

    public static T Median<T>(IEnumerable<T> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    public static string List(IEnumerable<TimeSpan> values) => string.Join(", ", values.Select(Seconds));

    public static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Met(TimeSpan value, double targetSeconds) => value.TotalSeconds <= targetSeconds ? "met" : "NOT met";

    // A run's stop, and when it took longer than its target, which processes were the last to go.
    private static string StopOf(AppHostRunResult result) =>
        $"stop {Seconds(result.Stop)} s, all but dcp gone after {Seconds(result.ServicesGone)} s" +
        (result.Stop.TotalSeconds > StopTargetSeconds ? $", last to go: {result.LastToGo}" : "");
}
