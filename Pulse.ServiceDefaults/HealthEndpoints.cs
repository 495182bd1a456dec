using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Pulse.ServiceDefaults;

/// <summary>The <c>/health</c> and <c>/alive</c> endpoints and their JSON body.</summary>
internal static class HealthEndpoints
{
    public const string HealthPath = "/health";
    public const string AlivePath = "/alive";

    public static bool IsHealthRequest(PathString path) =>
        path.StartsWithSegments(HealthPath) || path.StartsWithSegments(AlivePath);

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        // /health runs every dependency check; the process-only "self" check belongs to /alive alone.
        endpoints.MapHealthChecks(HealthPath, new HealthCheckOptions
        {
            Predicate = registration => !IsLivenessCheck(registration),
            ResponseWriter = WriteReport,
        });
        endpoints.MapHealthChecks(AlivePath, new HealthCheckOptions
        {
            Predicate = IsLivenessCheck,
            ResponseWriter = WriteReport,
        });
    }

    private static bool IsLivenessCheck(HealthCheckRegistration registration) =>
        registration.Tags.Contains(ServiceDefaultsExtensions.LiveTag);

    // {"status": "Degraded", "checks": {"postgres": "Healthy", "redis": "Degraded"}}: statuses only, so no
    // description, exception or connection string can leak.
    private static async Task WriteReport(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteString(name, entry.Status.ToString());
        }

        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }
}
