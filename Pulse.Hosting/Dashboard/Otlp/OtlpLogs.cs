using Pulse.Hosting.Dashboard.Otlp.Proto;
using Pulse.Hosting.Dashboard.Telemetry;

namespace Pulse.Hosting.Dashboard.Otlp;

/// <summary>Turns an OTLP logs export into log entries; a malformed one (bad ids) is rejected whole.</summary>
internal static class OtlpLogs
{
    public static bool TryConvert(ExportLogsServiceRequest request, SecretScrubber scrubber, out List<LogEntry> entries, out string? error)
    {
        entries = [];
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var service = OtlpValues.ServiceName(resourceLogs.Resource);
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                foreach (var record in scopeLogs.LogRecords)
                {
                    if (!OtlpValues.IsValidId(record.TraceId, 16) || !OtlpValues.IsValidId(record.SpanId, 8))
                    {
                        error = "A log record's trace_id must be empty or 16 bytes, its span_id empty or 8 bytes.";
                        return false;
                    }

                    entries.Add(Convert(record, service, scopeLogs.Scope?.Name, scrubber));
                }
            }
        }

        error = null;
        return true;
    }

    private static LogEntry Convert(LogRecord record, string service, string? category, SecretScrubber scrubber)
    {
        var rank = LogLevels.RankOfSeverity((int)record.SeverityNumber);
        var attributes = OtlpValues.Attributes(record.Attributes, scrubber);
        if (!string.IsNullOrEmpty(category))
        {
            attributes.TryAdd("category", category);
        }

        var time = record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano;
        return new LogEntry(
            OtlpValues.Time(time),
            service,
            LogLevels.Name(rank),
            scrubber.Scrub(OtlpValues.Text(record.Body)),
            attributes,
            OtlpValues.Id(record.TraceId),
            OtlpValues.Id(record.SpanId))
        {
            Rank = rank,
        };
    }
}
