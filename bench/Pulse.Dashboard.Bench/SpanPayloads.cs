using Google.Protobuf;
using Pulse.Hosting.Dashboard.Otlp.Proto;

namespace Pulse.Dashboard.Bench;

/// <summary>OTLP trace exports shaped like an ASP.NET Core service's: server and client spans with HTTP attributes.</summary>
internal static class SpanPayloads
{
    public static List<byte[]> Build(int requests, int tracesPerRequest, int spansPerTrace) =>
        [.. Enumerable.Range(0, requests).Select(_ => Export(tracesPerRequest, spansPerTrace).ToByteArray())];

    public static int SpansPerRequest(List<byte[]> payloads) =>
        ExportTraceServiceRequest.Parser.ParseFrom(payloads[0]).ResourceSpans.Sum(resource => resource.ScopeSpans.Sum(scope => scope.Spans.Count));

    private static ExportTraceServiceRequest Export(int traces, int spansPerTrace)
    {
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "Microsoft.AspNetCore", Version = "10.0.0" } };
        var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000UL;
        for (var trace = 0; trace < traces; trace++)
        {
            var traceId = ByteString.CopyFrom(Guid.NewGuid().ToByteArray());
            var root = ByteString.Empty;
            for (var index = 0; index < spansPerTrace; index++)
            {
                var spanId = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()[..8]);
                var span = new Span
                {
                    TraceId = traceId,
                    SpanId = spanId,
                    ParentSpanId = root,
                    Name = index == 0 ? "POST /api/v1/grabs" : "POST",
                    Kind = index == 0 ? Span.Types.SpanKind.Server : Span.Types.SpanKind.Client,
                    StartTimeUnixNano = now + (ulong)index * 1_000_000UL,
                    EndTimeUnixNano = now + (ulong)index * 1_000_000UL + 800_000UL,
                };
                Add(span, "http.request.method", "POST");
                Add(span, "url.full", "http://127.0.0.1:8484/api/v1/torrents");
                Add(span, "server.address", "127.0.0.1");
                Add(span, "network.protocol.version", "1.1");
                Add(span, "http.route", "/api/v1/grabs");
                span.Attributes.Add(new KeyValue { Key = "http.response.status_code", Value = new AnyValue { IntValue = 201 } });
                span.Attributes.Add(new KeyValue { Key = "server.port", Value = new AnyValue { IntValue = 8484 } });
                scope.Spans.Add(span);
                root = index == 0 ? spanId : root;
            }
        }

        var resource = new Resource();
        resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "pilot" } });
        resource.Attributes.Add(new KeyValue { Key = "service.instance.id", Value = new AnyValue { StringValue = "pilot-1234abcd" } });
        var resourceSpans = new ResourceSpans { Resource = resource };
        resourceSpans.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resourceSpans);
        return request;
    }

    private static void Add(Span span, string key, string value) =>
        span.Attributes.Add(new KeyValue { Key = key, Value = new AnyValue { StringValue = value } });
}
