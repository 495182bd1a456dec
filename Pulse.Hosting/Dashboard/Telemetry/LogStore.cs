namespace Pulse.Hosting.Dashboard.Telemetry;

/// <summary>The most recent log records, at most <c>capacity</c> of them (the oldest dropped first).</summary>
internal sealed class LogStore(int capacity = LogStore.DefaultCapacity)
{
    public const int DefaultCapacity = 10_000;

    private readonly LogEntry[] _ring = new LogEntry[capacity];
    private readonly Lock _gate = new();
    private long _written;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return (int)Math.Min(_written, _ring.Length);
            }
        }
    }

    public void Add(IReadOnlyList<LogEntry> entries)
    {
        lock (_gate)
        {
            foreach (var entry in entries)
            {
                _ring[_written++ % _ring.Length] = entry;
            }
        }
    }

    /// <summary>The newest records first, filtered by service, minimum level and text (in the message or an attribute).</summary>
    public IReadOnlyList<LogEntry> Query(string? service, int minimumRank, string? text, int limit)
    {
        var found = new List<LogEntry>(Math.Min(limit, 1_000));
        lock (_gate)
        {
            var oldest = Math.Max(0, _written - _ring.Length);
            for (var index = _written - 1; index >= oldest && found.Count < limit; index--)
            {
                var entry = _ring[index % _ring.Length];
                if (entry.Rank >= minimumRank &&
                    (service is null || string.Equals(entry.Service, service, StringComparison.OrdinalIgnoreCase)) &&
                    (text is null || Mentions(entry, text)))
                {
                    found.Add(entry);
                }
            }
        }

        return found;
    }

    private static bool Mentions(LogEntry entry, string text) =>
        entry.Message.Contains(text, StringComparison.OrdinalIgnoreCase) ||
        entry.Attributes.Values.Any(value => value.Contains(text, StringComparison.OrdinalIgnoreCase));
}
