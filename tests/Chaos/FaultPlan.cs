using Pulse.ServiceDefaults;

namespace Pulse.Chaos;

/// <summary>What a fault does to a resource: SIGSTOP then SIGCONT, or SIGKILL then a start through Aspire.</summary>
internal enum FaultKind
{
    Freeze,
    Kill,
}

/// <summary>
/// One fault of the plan: a pause with no fault first, then the resource and what is done to it, held for
/// <see cref="Hold"/> (frozen that long, or left dead that long before it is started again).
/// </summary>
internal sealed record Fault(int Number, TimeSpan Pause, string Resource, FaultKind Kind, TimeSpan Hold)
{
    public override string ToString() =>
        $"#{Number} {Kind.ToString().ToLowerInvariant()} {Resource} for {Hold.TotalSeconds:0.0}s (after {Pause.TotalSeconds:0.0}s calm)";
}

/// <summary>
/// The faults of a run, drawn from its seed alone: the same seed gives the same faults in the same order, with the same
/// pauses and holds. (The traffic around them runs on the clock, so a reproduction meets the same faults, not the same
/// request interleaving.)
/// </summary>
internal static class FaultPlan
{
    /// <summary>The resources faults are injected into.</summary>
    public static IReadOnlyList<string> Targets { get; } =
        [PulseResources.Postgres, PulseResources.Redis, PulseResources.Registry, PulseResources.Haul, PulseResources.Pilot];

    /// <summary>
    /// An endless sequence of faults for <paramref name="seed"/>; the run takes as many as fit in its duration. Faults
    /// come in rounds that hit each target once, in a random order, so that even a short run reaches every resource.
    /// </summary>
    public static IEnumerable<Fault> For(int seed)
    {
        var random = new Random(seed);
        for (var number = 1; ;)
        {
            var round = Targets.ToArray();
            random.Shuffle(round);
            foreach (var resource in round)
            {
                var pause = Seconds(random, 3, 10);
                var kind = random.NextDouble() < 0.5 ? FaultKind.Freeze : FaultKind.Kill;
                var hold = kind == FaultKind.Freeze ? Seconds(random, 2, 15) : Seconds(random, 0.5, 5);
                yield return new Fault(number++, pause, resource, kind, hold);
            }
        }
    }

    private static TimeSpan Seconds(Random random, double min, double max) =>
        TimeSpan.FromSeconds(Math.Round(min + (random.NextDouble() * (max - min)), 1));
}
