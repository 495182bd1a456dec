using Pulse.Hosting.Dashboard.Otlp.Proto;

namespace Pulse.Hosting.Tests.Dashboard;

public sealed class DashboardApiTests(EmptyGraphFixture graph) : IClassFixture<EmptyGraphFixture>
{
    [Fact]
    public async Task ATraceAcrossTwoServicesIsListedForEitherAndShowsItsSpans()
    {
        var ct = TestContext.Current.CancellationToken;
        using var otlp = Otlp.Client(graph.App);
        var traceId = Otlp.TraceId();
        var root = Otlp.Span(traceId, "POST /api/v1/grabs", durationMs: 40, attributes: ("http.request.method", "POST"));
        var child = Otlp.Span(traceId, "POST /api/v1/torrents", parent: root.SpanId, startMs: 5, durationMs: 20);
        using (await Otlp.PostAsync(otlp, "traces", Otlp.Traces(Otlp.Spans("api-pilot", root)), ct))
        using (await Otlp.PostAsync(otlp, "traces", Otlp.Traces(Otlp.Spans("api-haul", child)), ct))
        {
        }

        using var dashboard = DashboardClient.Bearer(graph.App);
        var byHaul = await DashboardClient.GetJsonAsync(dashboard, "/api/traces?service=api-haul", ct);
        var summary = Assert.Single(byHaul.EnumerateArray());
        Assert.Equal(Otlp.Hex(traceId), summary.GetProperty("trace_id").GetString());
        Assert.Equal("POST /api/v1/grabs", summary.GetProperty("root").GetString());
        Assert.Equal(["api-pilot", "api-haul"], summary.GetProperty("services").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(2, summary.GetProperty("span_count").GetInt32());
        Assert.InRange(summary.GetProperty("duration_ms").GetDouble(), 39.9, 40.1);
        Assert.Single((await DashboardClient.GetJsonAsync(dashboard, "/api/traces?service=api-pilot", ct)).EnumerateArray());

        var spans = await DashboardClient.GetJsonAsync(dashboard, "/api/traces/" + Otlp.Hex(traceId), ct);
        Assert.Equal(2, spans.GetArrayLength());
        var first = spans[0];
        Assert.Equal(Otlp.Hex(root.SpanId), first.GetProperty("span_id").GetString());
        Assert.Equal(Otlp.Hex(root.SpanId), spans[1].GetProperty("parent_span_id").GetString());
        Assert.Equal("api-pilot", first.GetProperty("service").GetString());
        Assert.Equal("Server", first.GetProperty("kind").GetString());
        Assert.Equal("Unset", first.GetProperty("status").GetString());
        Assert.Equal("POST", first.GetProperty("attributes").GetProperty("http.request.method").GetString());
        Assert.True(first.TryGetProperty("start", out _));
        Assert.True(first.TryGetProperty("duration_ms", out _));
    }

    [Fact]
    public async Task AnUnknownTraceIsNotFound()
    {
        using var dashboard = DashboardClient.Bearer(graph.App);
        using var response = await dashboard.GetAsync("/api/traces/" + new string('0', 32), TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task LogsFilterByServiceMinimumLevelAndText()
    {
        var ct = TestContext.Current.CancellationToken;
        using var otlp = Otlp.Client(graph.App);
        using (await Otlp.PostAsync(otlp, "logs", Otlp.Logs("logs-a",
            (SeverityNumber.Debug, "cache miss"),
            (SeverityNumber.Info, "grab sent to haul"),
            (SeverityNumber.Warn, "registry unreachable"),
            (SeverityNumber.Error, "grab failed")), ct))
        using (await Otlp.PostAsync(otlp, "logs", Otlp.Logs("logs-b", (SeverityNumber.Error, "other service")), ct))
        {
        }

        using var dashboard = DashboardClient.Bearer(graph.App);
        var warnings = await DashboardClient.GetJsonAsync(dashboard, "/api/logs?service=logs-a&level=warning", ct);
        Assert.Equal(["grab failed", "registry unreachable"], warnings.EnumerateArray().Select(log => log.GetProperty("message").GetString()));
        Assert.Equal("Error", warnings[0].GetProperty("level").GetString());
        Assert.Equal("logs-a", warnings[0].GetProperty("service").GetString());

        var grabs = await DashboardClient.GetJsonAsync(dashboard, "/api/logs?service=logs-a&q=GRAB", ct);
        Assert.Equal(["grab failed", "grab sent to haul"], grabs.EnumerateArray().Select(log => log.GetProperty("message").GetString()));

        var limited = await DashboardClient.GetJsonAsync(dashboard, "/api/logs?service=logs-a&limit=1", ct);
        Assert.Equal("grab failed", Assert.Single(limited.EnumerateArray()).GetProperty("message").GetString());
        Assert.Equal("Test.Category", limited[0].GetProperty("attributes").GetProperty("category").GetString());

        using var badLevel = await dashboard.GetAsync("/api/logs?level=loud", ct);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, badLevel.StatusCode);
    }

    [Fact]
    public async Task ListsAreBareSnakeCaseArrays()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dashboard = DashboardClient.Bearer(graph.App);
        foreach (var path in (string[])["/api/resources", "/api/traces", "/api/logs", "/api/metrics"])
        {
            var body = await DashboardClient.GetJsonAsync(dashboard, path, ct);
            Assert.Equal(System.Text.Json.JsonValueKind.Array, body.ValueKind);
        }
    }
}
