namespace Pulse.Hosting.Dashboard.Telemetry;

/// <summary>The spans of one trace, as they arrive (from any service, in any order); guarded by the store's lock.</summary>
internal sealed class TraceEntry(string traceId)
{
    private readonly List<SpanRecord> _spans = [];
    private readonly List<string> _services = [];
    private SpanRecord? _root;
    private DateTime _start = DateTime.MaxValue;
    private DateTime _end = DateTime.MinValue;
    private TraceSummary? _summary;

    public string TraceId { get; } = traceId;

    /// <summary>The entry's place in the store's arrival order, for eviction.</summary>
    public LinkedListNode<TraceEntry>? Node { get; set; }

    public int SpanCount => _spans.Count;

    public void Add(SpanRecord span)
    {
        _summary = null;
        _spans.Add(span);
        if (!_services.Contains(span.Service))
        {
            _services.Add(span.Service);
        }

        // The root is the span without a parent; until it arrives, the earliest span stands in for it.
        if (_root is null || (span.ParentSpanId is null && _root.ParentSpanId is not null) ||
            ((span.ParentSpanId is null) == (_root.ParentSpanId is null) && span.Start < _root.Start))
        {
            _root = span;
        }

        _start = span.Start < _start ? span.Start : _start;
        var end = span.End;
        _end = end > _end ? end : _end;
    }

    public bool HasService(string service) =>
        _services.Exists(candidate => string.Equals(candidate, service, StringComparison.OrdinalIgnoreCase));

    /// <summary>The trace's line in the list; kept until the next span arrives, so listing stays cheap.</summary>
    public TraceSummary Summary() =>
        _summary ??= new(TraceId, _root?.Name ?? "", [.. _services], _spans.Count, (_end - _start).TotalMilliseconds, _start);

    public IReadOnlyList<SpanRecord> Spans() => [.. _spans.OrderBy(span => span.Start)];
}
