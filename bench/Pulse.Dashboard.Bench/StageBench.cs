using System.Diagnostics;
using Pulse.Hosting.Dashboard.Otlp;
using Pulse.Hosting.Dashboard.Otlp.Proto;
using Pulse.Hosting.Dashboard.Telemetry;

namespace Pulse.Dashboard.Bench;

/// <summary>The receiver's stages without HTTP, on one thread: protobuf parsing, conversion, and the store.</summary>
internal static class StageBench
{
    public static (double Parse, double Convert, double Store) Run(List<byte[]> payloads)
    {
        var scrubber = new SecretScrubber([BenchHost.OtlpKey, BenchHost.Token]);
        var store = new TraceStore();
        var parse = new Stopwatch();
        var convert = new Stopwatch();
        var add = new Stopwatch();
        var spans = 0;
        foreach (var payload in payloads)
        {
            parse.Start();
            var request = ExportTraceServiceRequest.Parser.ParseFrom(payload);
            parse.Stop();
            convert.Start();
            OtlpSpans.TryConvert(request, scrubber, out var converted, out _);
            convert.Stop();
            add.Start();
            store.Add(converted);
            add.Stop();
            spans += converted.Count;
        }

        return (spans / parse.Elapsed.TotalSeconds, spans / convert.Elapsed.TotalSeconds, spans / add.Elapsed.TotalSeconds);
    }
}
