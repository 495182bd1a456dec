using Pulse.Hosting.Dashboard.Otlp.Proto;
using Pulse.Hosting.Dashboard.Telemetry;

namespace Pulse.Hosting.Dashboard.Otlp;

/// <summary>Turns an OTLP trace export into spans; a malformed one (bad ids) is rejected whole.</summary>
internal static class OtlpSpans
{
    public const string BadIds = "A span must have a 16-byte trace_id, an 8-byte span_id and an empty or 8-byte parent_span_id.";

    public static bool TryConvert(ExportTraceServiceRequest request, SecretScrubber scrubber, out List<SpanRecord> spans, out string? error)
    {
        spans = [];
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var service = OtlpValues.ServiceName(resourceSpans.Resource);
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                foreach (var span in scopeSpans.Spans)
                {
                    if (span.TraceId.Length != 16 || span.SpanId.Length != 8 || !OtlpValues.IsValidId(span.ParentSpanId, 8))
                    {
                        error = BadIds;
                        return false;
                    }

                    spans.Add(Convert(span, service, scrubber));
                }
            }
        }

        error = null;
        return true;
    }

    private static SpanRecord Convert(Span span, string service, SecretScrubber scrubber)
    {
        var start = OtlpValues.Time(span.StartTimeUnixNano);
        var durationMs = span.EndTimeUnixNano > span.StartTimeUnixNano
            ? (span.EndTimeUnixNano - span.StartTimeUnixNano) / 1_000_000.0
            : 0;
        var attributes = OtlpValues.Attributes(span.Attributes, scrubber);
        if (span.Status is { Message.Length: > 0 } status)
        {
            attributes["otel.status_description"] = scrubber.Scrub(status.Message);
        }

        return new SpanRecord(
            OtlpValues.Id(span.TraceId)!,
            OtlpValues.Id(span.SpanId)!,
            OtlpValues.Id(span.ParentSpanId),
            service,
            scrubber.Scrub(span.Name),
            Kind(span.Kind),
            start,
            durationMs,
            Status(span.Status?.Code ?? Proto.Status.Types.StatusCode.Unset),
            attributes,
            span.Events.Count == 0 ? [] : [.. span.Events.Select(item => new SpanEvent(
                scrubber.Scrub(item.Name), OtlpValues.Time(item.TimeUnixNano), OtlpValues.Attributes(item.Attributes, scrubber)))]);
    }

    public static string Kind(Span.Types.SpanKind kind) => kind switch
    {
        Span.Types.SpanKind.Server => "Server",
        Span.Types.SpanKind.Client => "Client",
        Span.Types.SpanKind.Producer => "Producer",
        Span.Types.SpanKind.Consumer => "Consumer",
        _ => "Internal",
    };

    public static string Status(Proto.Status.Types.StatusCode code) => code switch
    {
        Proto.Status.Types.StatusCode.Ok => "Ok",
        Proto.Status.Types.StatusCode.Error => "Error",
        _ => "Unset",
    };
}
