using System.Text;

namespace Pulse.Fuzz.Tests.Harness;

/// <summary>What went wrong in one case.</summary>
internal sealed record Finding(string Route, string Kind, string Problem, string Label, string Request, int? Status, string Response);

/// <summary>
/// The findings of one service's run, grouped by (route, kind of mutation, problem) so that a report is a to-do list
/// rather than thousands of lines: each group keeps its count, the fields it hit and its first example.
/// </summary>
internal sealed class Findings(string service)
{
    private readonly List<Finding> _all = [];

    public int Cases { get; set; }

    public Dictionary<string, int> CasesPerRoute { get; } = new(StringComparer.Ordinal);

    public int Count => _all.Count;

    public void Add(Finding finding) => _all.Add(finding);

    /// <summary>The counts: cases per route, failures per problem and per kind.</summary>
    public string Summary() => Report(details: false);

    /// <summary>The counts, then each distinct failure with its first example.</summary>
    public string Report() => Report(details: true);

    private string Report(bool details)
    {
        var text = new StringBuilder();
        text.AppendLine($"Fuzz {service}: {Cases} cases over {CasesPerRoute.Count} routes (seed {FuzzSeed.Value}; {FuzzSeed.Variable} changes it); {_all.Count} failed.");
        foreach (var (route, count) in CasesPerRoute.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            text.AppendLine($"  {count,5} cases  {route}");
        }

        if (_all.Count == 0)
        {
            return text.ToString();
        }

        text.AppendLine($"Failures by problem: {string.Join(", ", _all.GroupBy(f => f.Problem).Select(g => $"{g.Key} {g.Count()}"))}");
        text.AppendLine($"Failures by kind: {string.Join(", ", _all.GroupBy(f => f.Kind).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"))}");
        if (!details)
        {
            return text.ToString();
        }

        var groups = _all.GroupBy(f => (f.Route, f.Kind, f.Problem)).OrderBy(g => g.Key.Route, StringComparer.Ordinal).ThenBy(g => g.Key.Kind, StringComparer.Ordinal).ToList();
        text.AppendLine($"{groups.Count} distinct failures (route, kind, problem):");
        foreach (var group in groups)
        {
            var first = group.First();
            text.AppendLine($"- {group.Key.Route} [{group.Key.Kind}] {group.Key.Problem}: {group.Count()} case(s), e.g. {first.Label}");
            text.AppendLine($"    sent: {first.Request}");
            text.AppendLine($"    got:  {(first.Status is { } status ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : "no answer")} {first.Response}");
        }

        return text.ToString();
    }
}
