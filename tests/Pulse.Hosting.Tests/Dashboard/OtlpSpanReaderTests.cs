using System.Text.Json;
using Google.Protobuf;
using Pulse.Hosting.Dashboard.Api;
using Pulse.Hosting.Dashboard.Otlp;
using Pulse.Hosting.Dashboard.Otlp.Proto;
using Pulse.Hosting.Dashboard.Telemetry;

namespace Pulse.Hosting.Tests.Dashboard;

/// <summary>The receiver's direct span reader gives exactly what the generated messages give, and refuses what they refuse.</summary>
public sealed class OtlpSpanReaderTests
{
    private static readonly SecretScrubber Scrubber = new([EmptyGraph.Secret]);

    [Fact]
    public void TheReaderGivesTheSameSpansAsTheGeneratedMessages()
    {
        var bytes = RichExport().ToByteArray();

        var (accepted, spans) = Read(bytes);
        var (expectedAccepted, expected) = Parse(bytes);

        Assert.True(expectedAccepted);
        Assert.True(accepted);
        Assert.Equal(4, spans.Count);
        Assert.Equal(Json(expected), Json(spans));
        Assert.Contains("***", Json(spans), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryTruncationIsAcceptedOrRefusedAsTheGeneratedMessagesDo()
    {
        var bytes = RichExport().ToByteArray();
        for (var length = 0; length < bytes.Length; length++)
        {
            var (accepted, spans) = Read(bytes[..length]);
            var (expectedAccepted, expected) = Parse(bytes[..length]);

            Assert.True(expectedAccepted == accepted, $"Truncated to {length} bytes: the generated parser {(expectedAccepted ? "accepts" : "refuses")} it.");
            if (accepted)
            {
                Assert.Equal(Json(expected), Json(spans));
            }
        }
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF })]
    [InlineData(new byte[] { 0x0A, 0x05, 0x12, 0x03, 0x12, 0x01 })]
    [InlineData(new byte[] { 0x0F })]
    [InlineData(new byte[] { 0x00, 0x01 })]
    [InlineData(new byte[] { 0x0A, 0x04, 0x12, 0x02, 0x12, 0xFF })]
    public void GarbageIsRefusedAsTheGeneratedMessagesRefuseIt(byte[] bytes)
    {
        Assert.Equal(Parse(bytes).Accepted, Read(bytes).Accepted);
        Assert.False(Read(bytes).Accepted);
    }

    [Fact]
    public void InvalidUtf8InANameIsTreatedAsTheGeneratedMessagesTreatIt()
    {
        var export = RichExport();
        var bytes = export.ToByteArray();
        var name = System.Text.Encoding.UTF8.GetBytes("GET /grab");
        var at = bytes.AsSpan().IndexOf(name);
        bytes[at] = 0xC3; // a lead byte followed by an ASCII byte: not UTF-8
        Assert.Equal(Parse(bytes).Accepted, Read(bytes).Accepted);
        if (Read(bytes).Accepted)
        {
            Assert.Equal(Json(Parse(bytes).Spans), Json(Read(bytes).Spans));
        }
    }

    private static (bool Accepted, List<SpanRecord> Spans) Read(byte[] bytes) =>
        (OtlpSpanReader.TryRead(bytes, Scrubber, out var spans, out _), spans);

    private static (bool Accepted, List<SpanRecord> Spans) Parse(byte[] bytes)
    {
        try
        {
            var request = ExportTraceServiceRequest.Parser.ParseFrom(bytes);
            return (OtlpSpans.TryConvert(request, Scrubber, out var spans, out _), spans);
        }
        catch (InvalidProtocolBufferException)
        {
            return (false, []);
        }
    }

    private static string Json(List<SpanRecord> spans) =>
        JsonSerializer.Serialize((IReadOnlyList<SpanRecord>)spans, DashboardJsonContext.Default.IReadOnlyListSpanRecord);

    /// <summary>Every kind of field the receiver reads, and some it skips (trace state, flags, links, scope, schema URLs).</summary>
    private static ExportTraceServiceRequest RichExport()
    {
        var traceId = Otlp.TraceId();
        var root = Otlp.Span(traceId, "GET /grab", attributes: ("secret", "x" + EmptyGraph.Secret));
        root.TraceState = "vendor=1";
        root.Flags = 1;
        root.DroppedAttributesCount = 2;
        root.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "boom" };
        root.Attributes.Add(new KeyValue { Key = "int", Value = new AnyValue { IntValue = -42 } });
        root.Attributes.Add(new KeyValue { Key = "bool", Value = new AnyValue { BoolValue = true } });
        root.Attributes.Add(new KeyValue { Key = "double", Value = new AnyValue { DoubleValue = 1.5 } });
        root.Attributes.Add(new KeyValue { Key = "bytes", Value = new AnyValue { BytesValue = ByteString.CopyFrom(1, 2, 3) } });
        var array = new ArrayValue();
        array.Values.Add(new AnyValue { StringValue = "a" });
        array.Values.Add(new AnyValue { IntValue = 2 });
        root.Attributes.Add(new KeyValue { Key = "array", Value = new AnyValue { ArrayValue = array } });
        var list = new KeyValueList();
        list.Values.Add(new KeyValue { Key = "k", Value = new AnyValue { StringValue = "v" } });
        root.Attributes.Add(new KeyValue { Key = "kvlist", Value = new AnyValue { KvlistValue = list } });
        root.Attributes.Add(new KeyValue { Key = "empty" });
        var evt = new Span.Types.Event { Name = "exception", TimeUnixNano = root.StartTimeUnixNano + 5 };
        evt.Attributes.Add(new KeyValue { Key = "exception.message", Value = new AnyValue { StringValue = "oops" } });
        root.Events.Add(evt);
        root.Links.Add(new Span.Types.Link { TraceId = Otlp.TraceId(), SpanId = Otlp.SpanId(), TraceState = "t" });

        var child = Otlp.Span(traceId, "POST", parent: root.SpanId, startMs: 1, durationMs: 3);
        child.Kind = Span.Types.SpanKind.Client;
        var other = Otlp.Span(Otlp.TraceId(), "consume");
        other.Kind = Span.Types.SpanKind.Consumer;
        var unnamed = Otlp.Span(Otlp.TraceId(), "internal");
        unnamed.Kind = Span.Types.SpanKind.Internal;

        var pilot = Otlp.Spans("pilot", root, child);
        pilot.SchemaUrl = "https://opentelemetry.io/schemas/1.24.0";
        pilot.ScopeSpans[0].SchemaUrl = "s";
        var haul = Otlp.Spans("haul", other);
        var anonymous = new ResourceSpans();
        anonymous.ScopeSpans.Add(new ScopeSpans());
        anonymous.ScopeSpans[0].Spans.Add(unnamed);

        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(pilot);
        request.ResourceSpans.Add(haul);
        request.ResourceSpans.Add(anonymous);
        return request;
    }
}
