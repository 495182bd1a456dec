namespace Pulse.Hosting.Dashboard.Telemetry;

/// <summary>
/// The traces the dashboard holds: at most <c>capacity</c> traces (the oldest to arrive is dropped first) and at
/// most <c>maxSpansPerTrace</c> spans in one trace (later ones are dropped), so memory stays bounded.
/// </summary>
internal sealed class TraceStore(int capacity = TraceStore.DefaultCapacity, int maxSpansPerTrace = 5_000)
{
    public const int DefaultCapacity = 10_000;

    private readonly Dictionary<string, TraceEntry> _traces = new(StringComparer.Ordinal);
    private readonly LinkedList<TraceEntry> _arrival = new();
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _traces.Count;
            }
        }
    }

    public void Add(IReadOnlyList<SpanRecord> spans)
    {
        lock (_gate)
        {
            foreach (var span in spans)
            {
                if (!_traces.TryGetValue(span.TraceId, out var trace))
                {
                    trace = new TraceEntry(span.TraceId);
                    trace.Node = _arrival.AddLast(trace);
                    _traces.Add(span.TraceId, trace);
                    if (_traces.Count > capacity)
                    {
                        var oldest = _arrival.First!.Value;
                        _arrival.RemoveFirst();
                        _traces.Remove(oldest.TraceId);
                    }
                }

                if (trace.SpanCount < maxSpansPerTrace)
                {
                    trace.Add(span);
                }
            }
        }
    }

    /// <summary>The newest traces first; with a service, only the traces that have a span from it.</summary>
    public IReadOnlyList<TraceSummary> List(string? service, int limit)
    {
        var summaries = new List<TraceSummary>(Math.Min(limit, 1_000));
        lock (_gate)
        {
            for (var node = _arrival.Last; node is not null && summaries.Count < limit; node = node.Previous)
            {
                if (service is null || node.Value.HasService(service))
                {
                    summaries.Add(node.Value.Summary());
                }
            }
        }

        return summaries;
    }

    /// <summary>The spans of one trace, earliest first, or <c>null</c> when the store does not hold it.</summary>
    public IReadOnlyList<SpanRecord>? Get(string traceId)
    {
        lock (_gate)
        {
            return _traces.TryGetValue(traceId, out var trace) ? trace.Spans() : null;
        }
    }
}
