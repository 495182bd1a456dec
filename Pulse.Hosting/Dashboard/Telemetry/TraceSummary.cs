namespace Pulse.Hosting.Dashboard.Telemetry;

/// <summary>One trace in the trace list: its root span's name, the services it crosses, its span count and extent.</summary>
internal sealed record TraceSummary(
    string TraceId,
    string Root,
    IReadOnlyList<string> Services,
    int SpanCount,
    double DurationMs,
    DateTime Start);
