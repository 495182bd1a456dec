namespace Pulse.Chaos;

/// <summary>
/// One invariant of the run, whether it held, and the entities that broke it. <see cref="Settles"/>: the stack can still
/// make it hold after the faults (a pending grab resolves); one about the past (a 5xx answered) cannot.
/// </summary>
internal sealed record Invariant(string Name, IReadOnlyList<string> Violations, bool Settles = true)
{
    private const int Shown = 15;

    public bool Holds => Violations.Count == 0;

    public IEnumerable<string> Lines(int seed)
    {
        if (Holds)
        {
            yield return $"  PASS  {Name}";
            yield break;
        }

        yield return $"  FAIL  {Name} ({Violations.Count} violation(s), seed {seed})";
        foreach (var violation in Violations.Take(Shown))
        {
            yield return $"          - {violation}";
        }

        if (Violations.Count > Shown)
        {
            yield return $"          - ... and {Violations.Count - Shown} more";
        }
    }
}
