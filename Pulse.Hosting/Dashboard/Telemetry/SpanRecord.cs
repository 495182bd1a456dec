using System.Text.Json.Serialization;

namespace Pulse.Hosting.Dashboard.Telemetry;

/// <summary>One span as the dashboard holds and shows it (times in UTC).</summary>
internal sealed record SpanRecord(
    [property: JsonIgnore] string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Service,
    string Name,
    string Kind,
    DateTime Start,
    double DurationMs,
    string Status,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<SpanEvent> Events)
{
    [JsonIgnore]
    public DateTime End => Start.AddTicks((long)(DurationMs * TimeSpan.TicksPerMillisecond));
}
