using System.IO.Compression;
using System.Net;
using Pulse.Hosting.Dashboard.Otlp.Proto;

namespace Pulse.Hosting.Tests.Dashboard;

public sealed class OtlpReceiverTests(EmptyGraphFixture graph) : IClassFixture<EmptyGraphFixture>
{
    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task AnExportWithoutTheRightKeyIsUnauthorizedAndChangesNothing(string? key)
    {
        var ct = TestContext.Current.CancellationToken;
        using var otlp = Otlp.Client(graph.App, key);
        var traceId = Otlp.TraceId();

        foreach (var signal in (string[])["traces", "logs", "metrics"])
        {
            using var response = await Otlp.PostAsync(otlp, signal, Otlp.Traces(Otlp.Spans("unauthorized", Otlp.Span(traceId, "GET /"))), ct);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Null(graph.App.Dashboard!.Stores.Traces.Get(Otlp.Hex(traceId)));
    }

    [Theory]
    [InlineData("traces")]
    [InlineData("logs")]
    [InlineData("metrics")]
    public async Task AnEmptyExportIsAccepted(string signal)
    {
        using var otlp = Otlp.Client(graph.App);
        using var response = await Otlp.PostAsync(otlp, signal, [], TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AMalformedExportIsBadRequestChangesNothingAndTheReceiverKeepsServing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var otlp = Otlp.Client(graph.App);
        var stores = graph.App.Dashboard!.Stores;

        using (var garbage = await Otlp.PostAsync(otlp, "traces", [0xFF, 0xFF, 0xFF, 0xFF, 0x0F], ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        }

        using (var garbageLogs = await Otlp.PostAsync(otlp, "logs", "not protobuf"u8.ToArray(), ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, garbageLogs.StatusCode);
        }

        // Well-formed protobuf, but one span's trace id is 3 bytes: the whole export is refused, the good span too.
        var good = Otlp.Span(Otlp.TraceId(), "good");
        var bad = Otlp.Span(Otlp.TraceId(), "bad");
        bad.TraceId = Google.Protobuf.ByteString.CopyFrom(1, 2, 3);
        using (var partlyBad = await Otlp.PostAsync(otlp, "traces", Otlp.Traces(Otlp.Spans("malformed", good, bad)), ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, partlyBad.StatusCode);
        }

        Assert.Null(stores.Traces.Get(Otlp.Hex(good.TraceId)));

        using var valid = await Otlp.PostAsync(otlp, "traces", Otlp.Traces(Otlp.Spans("malformed", good)), ct);
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.NotNull(stores.Traces.Get(Otlp.Hex(good.TraceId)));
    }

    [Fact]
    public async Task AGzipCompressedExportIsAccepted()
    {
        var ct = TestContext.Current.CancellationToken;
        using var otlp = Otlp.Client(graph.App);
        var traceId = Otlp.TraceId();
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Otlp.Traces(Otlp.Spans("gzip", Otlp.Span(traceId, "compressed"))));
        }

        using var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new("application/x-protobuf");
        content.Headers.ContentEncoding.Add("gzip");
        using var response = await otlp.PostAsync("/v1/traces", content, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("compressed", Assert.Single(graph.App.Dashboard!.Stores.Traces.Get(Otlp.Hex(traceId))!).Name);
    }

    [Fact]
    public async Task ASecretTheHostHandedOutIsMaskedInTelemetry()
    {
        var ct = TestContext.Current.CancellationToken;
        using var otlp = Otlp.Client(graph.App);
        var traceId = Otlp.TraceId();
        var span = Otlp.Span(traceId, "leaky", attributes: ("db.connection_string", $"Host=x;Password={EmptyGraph.Secret}"));
        using var traces = await Otlp.PostAsync(otlp, "traces", Otlp.Traces(Otlp.Spans("leaky", span)), ct);
        using var logs = await Otlp.PostAsync(otlp, "logs", Otlp.Logs("leaky", (SeverityNumber.Info, $"key is {EmptyGraph.OtlpKey}")), ct);

        using var dashboard = DashboardClient.Bearer(graph.App);
        var trace = await DashboardClient.GetJsonAsync(dashboard, "/api/traces/" + Otlp.Hex(traceId), ct);
        var log = await DashboardClient.GetJsonAsync(dashboard, "/api/logs?service=leaky", ct);

        Assert.Equal("Host=x;Password=***", trace[0].GetProperty("attributes").GetProperty("db.connection_string").GetString());
        Assert.Equal("key is ***", log[0].GetProperty("message").GetString());
    }
}
