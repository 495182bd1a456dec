using System.Net.Http.Headers;
using Google.Protobuf;
using Pulse.Hosting;
using Pulse.Hosting.Dashboard.Otlp.Proto;

namespace Pulse.Dashboard.Tests;

/// <summary>Exports a span straight to the host's OTLP receiver, as a service would.</summary>
internal static class OtlpExport
{
    public static async Task<string> SpanAsync(DistributedApplication app, string key, string service, string name, CancellationToken cancellationToken)
    {
        var traceId = Guid.NewGuid().ToByteArray();
        var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000UL;
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(traceId),
            SpanId = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()[..8]),
            Name = name,
            Kind = Span.Types.SpanKind.Server,
            StartTimeUnixNano = now,
            EndTimeUnixNano = now + 5_000_000UL,
        };
        span.Attributes.Add(new KeyValue { Key = "note", Value = new AnyValue { StringValue = "<b>bold?</b>" } });
        var resource = new Resource();
        resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = service } });
        var scope = new ScopeSpans();
        scope.Spans.Add(span);
        var resourceSpans = new ResourceSpans { Resource = resource };
        resourceSpans.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resourceSpans);

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{app.Options.OtlpPort}") };
        client.DefaultRequestHeaders.Add("x-otlp-api-key", key);
        using var content = new ByteArrayContent(request.ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var response = await client.PostAsync("/v1/traces", content, cancellationToken);
        response.EnsureSuccessStatusCode();
        return Convert.ToHexStringLower(traceId);
    }
}
