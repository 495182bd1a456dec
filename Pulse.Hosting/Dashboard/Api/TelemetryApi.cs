using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Pulse.Hosting.Dashboard.Security;
using Pulse.Hosting.Dashboard.Telemetry;

namespace Pulse.Hosting.Dashboard.Api;

/// <summary><c>GET /api/traces</c>, <c>/api/traces/{trace_id}</c>, <c>/api/logs</c>, <c>/api/metrics</c>, and the page's antiforgery token.</summary>
internal static class TelemetryApi
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 10_000;

    public static RouteGroupBuilder MapTelemetryApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api").WithTags("Telemetry");
        group.MapGet("/traces", ListTraces).WithName("ListTraces").WithSummary("The newest traces first; service matches any span.");
        group.MapGet("/traces/{trace_id}", GetTrace).WithName("GetTrace").WithSummary("The spans of one trace.");
        group.MapGet("/logs", ListLogs).WithName("ListLogs").WithSummary("The newest log records first, filtered by service, minimum level and text.");
        group.MapGet("/metrics", ListMetrics).WithName("ListMetrics").WithSummary("The latest value of each metric.");
        group.MapGet("/antiforgery", Antiforgery).WithName("Antiforgery").WithSummary("The token a browser sends with state-changing calls.");
        return group;
    }

    private static Ok<IReadOnlyList<TraceSummary>> ListTraces(string? service, int? limit, TelemetryStores stores) =>
        TypedResults.Ok(stores.Traces.List(Blank(service), Limit(limit)));

    private static Results<Ok<IReadOnlyList<SpanRecord>>, NotFound> GetTrace(string trace_id, TelemetryStores stores) =>
        stores.Traces.Get(trace_id.ToLowerInvariant()) is { } spans ? TypedResults.Ok(spans) : TypedResults.NotFound();

    private static Results<Ok<IReadOnlyList<LogEntry>>, ProblemHttpResult> ListLogs(
        string? service, string? level, string? q, int? limit, TelemetryStores stores)
    {
        var minimum = 0;
        if (Blank(level) is { } text && !LogLevels.TryParse(text, out minimum))
        {
            return TypedResults.Problem(
                "level must be one of Trace, Debug, Information, Warning, Error, Critical.",
                statusCode: StatusCodes.Status400BadRequest,
                title: "Unknown log level");
        }

        return TypedResults.Ok(stores.Logs.Query(Blank(service), minimum, Blank(q), Limit(limit)));
    }

    private static Ok<IReadOnlyList<MetricSeries>> ListMetrics(string? service, TelemetryStores stores) =>
        TypedResults.Ok(stores.Metrics.List(Blank(service)));

    private static Ok<AntiforgeryTokenView> Antiforgery(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return TypedResults.Ok(new AntiforgeryTokenView(tokens.RequestToken!, AntiforgeryFilter.HeaderName));
    }

    private static int Limit(int? limit) => Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
