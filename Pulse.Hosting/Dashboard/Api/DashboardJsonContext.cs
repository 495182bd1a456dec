using System.Text.Json;
using System.Text.Json.Serialization;
using Pulse.Hosting.Dashboard.Telemetry;

namespace Pulse.Hosting.Dashboard.Api;

/// <summary>The dashboard API's JSON (snake_case, lists as bare arrays), source-generated.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ResourceView))]
[JsonSerializable(typeof(List<ResourceView>))]
[JsonSerializable(typeof(IReadOnlyList<ConsoleLineView>))]
[JsonSerializable(typeof(AntiforgeryTokenView))]
[JsonSerializable(typeof(IReadOnlyList<TraceSummary>))]
[JsonSerializable(typeof(IReadOnlyList<SpanRecord>))]
[JsonSerializable(typeof(IReadOnlyList<LogEntry>))]
[JsonSerializable(typeof(IReadOnlyList<MetricSeries>))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Http.HttpValidationProblemDetails))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
