using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Pulse.Hosting.Dashboard.Otlp.Proto;
using Pulse.Hosting.Dashboard.Telemetry;

namespace Pulse.Hosting.Dashboard.Otlp;

/// <summary>
/// The OTLP/HTTP receiver's routes: <c>POST /v1/traces</c>, <c>/v1/logs</c>, <c>/v1/metrics</c>, each requiring
/// <c>x-otlp-api-key</c>. A well-formed export (an empty one included) is <c>200</c>; a malformed one is
/// <c>400</c> and changes nothing.
/// </summary>
internal static class OtlpApi
{
    public const string KeyHeader = "x-otlp-api-key";

    public static RouteGroupBuilder MapOtlpApi(this IEndpointRouteBuilder endpoints, string apiKey)
    {
        var expected = Encoding.UTF8.GetBytes(apiKey);
        var group = endpoints.MapGroup("/v1");
        group.AddEndpointFilter(async (context, next) =>
        {
            var request = context.HttpContext.Request;
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Headers[KeyHeader].ToString()), expected))
            {
                return TypedResults.Unauthorized();
            }

            return OtlpBody.IsProtobuf(request)
                ? await next(context)
                : TypedResults.Problem("Only OTLP/HTTP protobuf (application/x-protobuf) is accepted.", statusCode: StatusCodes.Status415UnsupportedMediaType);
        });

        group.MapPost("/traces", ExportTracesAsync).WithName("OtlpExportTraces").WithSummary("Receives an OTLP trace export.");
        group.MapPost("/logs", ExportLogsAsync).WithName("OtlpExportLogs").WithSummary("Receives an OTLP logs export.");
        group.MapPost("/metrics", ExportMetricsAsync).WithName("OtlpExportMetrics").WithSummary("Receives an OTLP metrics export.");
        return group;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportTracesAsync(
        HttpRequest request, TelemetryStores stores, SecretScrubber scrubber, CancellationToken cancellationToken)
    {
        using var body = await ReadOrNullAsync(request, cancellationToken);
        string? error = null;
        if (body is null || !OtlpSpanReader.TryRead(body.Span, scrubber, out var spans, out error))
        {
            return Malformed("The body is not a well-formed OTLP ExportTraceServiceRequest" + (error is null ? "." : ": " + error));
        }

        stores.Traces.Add(spans);
        return Protobuf(new ExportTraceServiceResponse());
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportLogsAsync(
        HttpRequest request, TelemetryStores stores, SecretScrubber scrubber, CancellationToken cancellationToken)
    {
        using var body = await ReadOrNullAsync(request, cancellationToken);
        string? error = null;
        if (body is null || Parse(body, ExportLogsServiceRequest.Parser) is not { } export ||
            !OtlpLogs.TryConvert(export, scrubber, out var entries, out error))
        {
            return Malformed("The body is not a well-formed OTLP ExportLogsServiceRequest" + (error is null ? "." : ": " + error));
        }

        stores.Logs.Add(entries);
        return Protobuf(new ExportLogsServiceResponse());
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportMetricsAsync(
        HttpRequest request, TelemetryStores stores, CancellationToken cancellationToken)
    {
        using var body = await ReadOrNullAsync(request, cancellationToken);
        if (body is null || Parse(body, ExportMetricsServiceRequest.Parser) is not { } export)
        {
            return Malformed("The body is not a well-formed OTLP ExportMetricsServiceRequest.");
        }

        stores.Metrics.Add(OtlpMetrics.Convert(export));
        return Protobuf(new ExportMetricsServiceResponse());
    }

    private static async Task<OtlpBody?> ReadOrNullAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await OtlpBody.ReadAsync(request, cancellationToken);
        }
        catch (MalformedExportException)
        {
            return null;
        }
    }

    private static T? Parse<T>(OtlpBody body, MessageParser<T> parser) where T : class, IMessage<T>
    {
        try
        {
            return parser.ParseFrom(body.Span);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    private static FileContentHttpResult Protobuf(IMessage response) =>
        TypedResults.Bytes(response.ToByteArray(), OtlpBody.ContentType);

    private static ProblemHttpResult Malformed(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Malformed OTLP export");
}
