using System.Collections.Concurrent;

namespace Pulse.Replicas.Tests;

/// <summary>Counts by name, from many tasks at once: what traffic saw (a retry, and why), for the assertions and the test's output.</summary>
internal sealed class Tally
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public void Add(string what) => _counts.AddOrUpdate(what, 1, (_, count) => count + 1);

    public int this[string what] => _counts.GetValueOrDefault(what);

    /// <summary>The sum of every count whose name starts with <paramref name="prefix"/>.</summary>
    public int Sum(string prefix) => _counts.Where(pair => pair.Key.StartsWith(prefix, StringComparison.Ordinal)).Sum(pair => pair.Value);

    public override string ToString() =>
        _counts.IsEmpty ? "nothing" : string.Join(", ", _counts.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}: {pair.Value}"));
}
