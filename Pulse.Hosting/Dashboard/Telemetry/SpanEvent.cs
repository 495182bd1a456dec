namespace Pulse.Hosting.Dashboard.Telemetry;

/// <summary>An event recorded on a span (an exception, for example).</summary>
internal sealed record SpanEvent(string Name, DateTime Timestamp, IReadOnlyDictionary<string, string> Attributes);
