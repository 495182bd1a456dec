using System.Net.Http.Headers;
using Google.Protobuf;
using Pulse.Hosting.Dashboard.Otlp.Proto;

namespace Pulse.Hosting.Tests.Dashboard;

/// <summary>Builds OTLP exports and posts them to a host's receiver, as a service's exporter does.</summary>
internal static class Otlp
{
    public static HttpClient Client(DistributedApplication app, string? key = EmptyGraph.OtlpKey)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{app.Options.OtlpPort}") };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("x-otlp-api-key", key);
        }

        return client;
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string signal, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        return await client.PostAsync("/v1/" + signal, content, cancellationToken);
    }

    public static ByteString TraceId() => ByteString.CopyFrom(Guid.NewGuid().ToByteArray());

    public static ByteString SpanId() => ByteString.CopyFrom(Guid.NewGuid().ToByteArray()[..8]);

    public static Span Span(ByteString traceId, string name, ByteString? parent = null, int startMs = 0, int durationMs = 10, params (string Key, string Value)[] attributes)
    {
        var start = (ulong)(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + startMs) * 1_000_000UL;
        var span = new Pulse.Hosting.Dashboard.Otlp.Proto.Span
        {
            TraceId = traceId,
            SpanId = SpanId(),
            ParentSpanId = parent ?? ByteString.Empty,
            Name = name,
            Kind = Pulse.Hosting.Dashboard.Otlp.Proto.Span.Types.SpanKind.Server,
            StartTimeUnixNano = start,
            EndTimeUnixNano = start + (ulong)durationMs * 1_000_000UL,
        };
        span.Attributes.AddRange(attributes.Select(pair => Attribute(pair.Key, pair.Value)));
        return span;
    }

    public static ResourceSpans Spans(string service, params Span[] spans)
    {
        var resourceSpans = new ResourceSpans { Resource = Resource(service) };
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "test" } };
        scope.Spans.AddRange(spans);
        resourceSpans.ScopeSpans.Add(scope);
        return resourceSpans;
    }

    public static byte[] Traces(params ResourceSpans[] resourceSpans)
    {
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.AddRange(resourceSpans);
        return request.ToByteArray();
    }

    public static byte[] Logs(string service, params (SeverityNumber Severity, string Message)[] records)
    {
        var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = "Test.Category" } };
        scope.LogRecords.AddRange(records.Select(record => new LogRecord
        {
            TimeUnixNano = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000UL,
            SeverityNumber = record.Severity,
            Body = new AnyValue { StringValue = record.Message },
        }));
        var resourceLogs = new ResourceLogs { Resource = Resource(service) };
        resourceLogs.ScopeLogs.Add(scope);
        var request = new ExportLogsServiceRequest();
        request.ResourceLogs.Add(resourceLogs);
        return request.ToByteArray();
    }

    public static string Hex(ByteString id) => Convert.ToHexStringLower(id.Span);

    private static Resource Resource(string service)
    {
        var resource = new Resource();
        resource.Attributes.Add(Attribute("service.name", service));
        return resource;
    }

    private static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
