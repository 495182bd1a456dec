namespace Pulse.Hosting.Orchestration;

/// <summary>Which stream a console line came from.</summary>
public enum ConsoleStream
{
    /// <summary>Standard output.</summary>
    Stdout,

    /// <summary>Standard error.</summary>
    Stderr,
}

/// <summary>One line of a resource's console output.</summary>
public sealed record ConsoleLine(DateTimeOffset Timestamp, ConsoleStream Stream, string Text);

/// <summary>The recent console output of one resource, bounded.</summary>
internal sealed class ConsoleLog(int capacity = 2000)
{
    private readonly Queue<ConsoleLine> _lines = new();
    private readonly Lock _gate = new();

    public void Add(ConsoleLine line)
    {
        lock (_gate)
        {
            if (_lines.Count == capacity)
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(line);
        }
    }

    public IReadOnlyList<ConsoleLine> Snapshot(int last = int.MaxValue)
    {
        lock (_gate)
        {
            return _lines.Skip(Math.Max(0, _lines.Count - last)).ToList();
        }
    }
}
