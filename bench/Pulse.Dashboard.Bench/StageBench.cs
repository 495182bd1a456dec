using System.Diagnostics;
using Pulse.Hosting.Dashboard.Otlp;
using Pulse.Hosting.Dashboard.Otlp.Proto;
using Pulse.Hosting.Dashboard.Telemetry;

namespace Pulse.Dashboard.Bench;

/// <summary>
/// The receiver's work without HTTP, on one thread: its direct reader, the generated messages' parse and convert
/// (what the reader replaced), and the store.
/// </summary>
internal static class StageBench
{
    public static StageResult Run(List<byte[]> payloads)
    {
        var scrubber = new SecretScrubber([BenchHost.OtlpKey, BenchHost.Token]);
        var store = new TraceStore();
        var read = new Stopwatch();
        var parse = new Stopwatch();
        var add = new Stopwatch();
        var spans = 0;
        foreach (var payload in payloads)
        {
            parse.Start();
            OtlpSpans.TryConvert(ExportTraceServiceRequest.Parser.ParseFrom(payload), scrubber, out _, out _);
            parse.Stop();
            read.Start();
            OtlpSpanReader.TryRead(payload, scrubber, out var converted, out _);
            read.Stop();
            add.Start();
            store.Add(converted);
            add.Stop();
            spans += converted.Count;
        }

        return new StageResult(spans / read.Elapsed.TotalSeconds, spans / parse.Elapsed.TotalSeconds, spans / add.Elapsed.TotalSeconds);
    }
}

internal sealed record StageResult(double Reader, double GeneratedMessages, double Store);
