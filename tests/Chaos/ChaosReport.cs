using System.Globalization;
using System.Text;

namespace Pulse.Chaos;

/// <summary>What a chaos run did and found: faults per kind, grabs, events, relay messages, statuses, invariants.</summary>
internal sealed record ChaosReport(
    ChaosOptions Options,
    TimeSpan ChaosTook,
    TimeSpan SettleTook,
    IReadOnlyList<(Fault Fault, string Outcome)> Faults,
    IReadOnlyList<SentItem> Grabs,
    IReadOnlyDictionary<string, int> GrabStatuses,
    IReadOnlyList<SentItem> Messages,
    IReadOnlyDictionary<string, int> MessageStatuses,
    int EventsFollowed,
    long LastEvent,
    int Gone,
    IReadOnlyList<string> Http,
    IReadOnlyList<Invariant> Invariants)
{
    public bool AllHold => Invariants.All(invariant => invariant.Holds);

    public string Summary()
    {
        var text = new StringBuilder();
        void Line(string line) => text.AppendLine(line);

        Line($"Chaos run, seed {Options.Seed}, Haul in {Options.HaulDeliveryMode} mode: faults for {ChaosTook.TotalSeconds:0} s, settled in {SettleTook.TotalSeconds:0} s");
        Line($"Faults injected: {Faults.Count}");
        foreach (var kind in Enum.GetValues<FaultKind>())
        {
            var ofKind = Faults.Where(f => f.Fault.Kind == kind).ToList();
            Line($"  {kind.ToString().ToLowerInvariant(),-7}{ofKind.Count,4}: " + string.Join(", ", FaultPlan.Targets
                .Select(target => $"{target} {ofKind.Count(f => f.Fault.Resource == target)}")));
        }

        var skipped = Faults.Where(f => f.Outcome != "ok").ToList();
        foreach (var (fault, outcome) in skipped)
        {
            Line($"  {fault}: {outcome}");
        }

        Line($"Grabs sent to Pilot: {Grabs.Count}; answers: {Statuses(Grabs)}; in Pilot at the end: {Counts(GrabStatuses)}");
        Line(Options.Relayed
            ? $"Relay messages sent to Haul: {Messages.Count}; answers: {Statuses(Messages)}; at the end: {Counts(MessageStatuses)}"
            : "Relay messages: none (Haul in push mode)");
        Line($"Events followed: {EventsFollowed} (last id {LastEvent}); 410 answers: {Gone}");
        Line("HTTP statuses seen by the traffic and the checks:");
        foreach (var line in Http)
        {
            Line("  " + line);
        }

        Line("Invariants:");
        foreach (var invariant in Invariants)
        {
            foreach (var line in invariant.Lines(Options.Seed))
            {
                Line(line);
            }
        }

        var failed = Invariants.Count(invariant => !invariant.Holds);
        Line(failed == 0
            ? "Result: every invariant holds."
            : $"Result: {failed} invariant(s) failed. Reproduce the faults with seed {Options.Seed}: {Options.ReproduceCommand}");
        return text.ToString();
    }

    private static string Statuses(IEnumerable<SentItem> items) => Counts(items
        .GroupBy(item => item.Status?.ToString(CultureInfo.InvariantCulture) ?? "no answer")
        .ToDictionary(group => group.Key, group => group.Count()));

    private static string Counts(IReadOnlyDictionary<string, int> counts) =>
        counts.Count == 0 ? "-" : string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"));
}
