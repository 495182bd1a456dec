using System.Net;
using Pulse.Hosting.Dashboard.Otlp.Proto;
using Pulse.Hosting.Dashboard.Telemetry;

namespace Pulse.Hosting.Tests.Dashboard;

public sealed class BoundedBufferTests
{
    [Fact]
    public async Task TwentyThousandTracesSentKeepTheNewestTenThousand()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await EmptyGraph.StartAsync(ct);
        using var otlp = Otlp.Client(app);
        var traceIds = new List<string>();
        for (var batch = 0; batch < 20; batch++)
        {
            var spans = Enumerable.Range(0, 1_000).Select(_ => Otlp.Span(Otlp.TraceId(), "GET /")).ToArray();
            traceIds.AddRange(spans.Select(span => Otlp.Hex(span.TraceId)));
            using var response = await Otlp.PostAsync(otlp, "traces", Otlp.Traces(Otlp.Spans("bulk", spans)), ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var dashboard = DashboardClient.Bearer(app);
        var listed = await DashboardClient.GetJsonAsync(dashboard, "/api/traces?limit=20000", ct);
        Assert.Equal(TraceStore.DefaultCapacity, listed.GetArrayLength());
        Assert.Equal(traceIds[^1], listed[0].GetProperty("trace_id").GetString());
        Assert.Equal(traceIds[10_000], listed[listed.GetArrayLength() - 1].GetProperty("trace_id").GetString());
        Assert.Null(app.Dashboard!.Stores.Traces.Get(traceIds[9_999]));
    }

    [Fact]
    public void TheLogStoreKeepsTheNewestRecordsOnly()
    {
        var store = new LogStore(capacity: 3);
        store.Add([.. Enumerable.Range(1, 5).Select(index => new LogEntry(DateTime.UtcNow, "s", "Information", $"record {index}", new Dictionary<string, string>(), null, null) { Rank = 2 })]);

        Assert.Equal(3, store.Count);
        Assert.Equal(["record 5", "record 4", "record 3"], store.Query(null, 0, null, 10).Select(entry => entry.Message));
    }

    [Fact]
    public void ATraceKeepsAtMostItsSpanLimit()
    {
        var store = new TraceStore(capacity: 10, maxSpansPerTrace: 2);
        var spans = Enumerable.Range(0, 5).Select(index => new SpanRecord(
            "t", $"s{index}", null, "svc", "op", "Server", DateTime.UtcNow, 1, "Unset", new Dictionary<string, string>(), [])).ToList();
        store.Add(spans);

        Assert.Equal(2, store.Get("t")!.Count);
    }

    [Fact]
    public void LevelsMapFromOtlpSeverityNumbers()
    {
        Assert.Equal("Debug", LogLevels.Name(LogLevels.RankOfSeverity((int)SeverityNumber.Debug2)));
        Assert.Equal("Warning", LogLevels.Name(LogLevels.RankOfSeverity((int)SeverityNumber.Warn)));
        Assert.Equal("Critical", LogLevels.Name(LogLevels.RankOfSeverity((int)SeverityNumber.Fatal4)));
        Assert.Equal("Information", LogLevels.Name(LogLevels.RankOfSeverity(0)));
    }
}
