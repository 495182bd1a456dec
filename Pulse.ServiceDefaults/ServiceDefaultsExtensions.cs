using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Instrumentation.AspNetCore;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Pulse.ServiceDefaults;
using Pulse.ServiceDefaults.BadInput;
using Pulse.ServiceDefaults.Security;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The defaults every Pulse service shares, shaped like .NET Aspire's ServiceDefaults project:
/// OpenTelemetry, health checks, service discovery and HTTP resilience.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>The health-check tag of the checks that <c>/alive</c> runs.</summary>
    public const string LiveTag = "live";

    /// <summary>
    /// Adds OpenTelemetry (exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set), the default
    /// health checks, service discovery, the standard resilience handler on every <see cref="HttpClient"/>, problem
    /// details, the exception handlers that answer bad input with a <c>400</c> problem and a request whose PostgreSQL or Redis did not answer with
    /// <c>503</c> and <c>Retry-After</c> (they take effect with <see cref="UseServiceDefaults"/>), and the throttle of failed
    /// authentications (<see cref="FailedAuthenticationThrottle"/>).
    /// </summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        builder.Services.AddProblemDetails();
        builder.Services.AddBadInputProblems();
        builder.Services.AddExceptionHandler<DependencyUnavailableHandler>();
        builder.Services.AddFailedAuthenticationThrottle();
        return builder;
    }

    /// <summary>Adds logging, metrics and tracing, and the OTLP exporter when an endpoint is configured.</summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation());
        builder.ExcludeRequestsFromTracing(request => HealthEndpoints.IsHealthRequest(request.Path));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();

            // The exporter has its own timeout and retry; the standard handler's retries would hold up shutdown
            // for as long as no collector listens.
            foreach (var exporterClient in (string[])["OtlpTraceExporter", "OtlpMetricExporter", "OtlpLogExporter"])
            {
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is experimental, but it is the way to drop the standard handler.
                builder.Services.AddHttpClient(exporterClient).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
            }
        }

        return builder;
    }

    /// <summary>
    /// Leaves the incoming requests that <paramref name="exclude"/> matches out of traces, as health requests are:
    /// high-volume, routine requests whose spans would crowd out the ones worth reading. Their metrics still count them.
    /// </summary>
    public static TBuilder ExcludeRequestsFromTracing<TBuilder>(this TBuilder builder, Func<HttpRequest, bool> exclude)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.PostConfigure<AspNetCoreTraceInstrumentationOptions>(options =>
        {
            var previous = options.Filter;
            options.Filter = context => !exclude(context.Request) && (previous?.Invoke(context) ?? true);
        });
        return builder;
    }

    /// <summary>Adds the liveness check that <c>/alive</c> reports.</summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// The request pipeline every Pulse service shares: an exception is answered as problem details (by the handlers
    /// that <see cref="AddServiceDefaults"/> adds), a bare error status gets a problem body, and <c>/health</c> and
    /// <c>/alive</c> are mapped (<see cref="MapDefaultEndpoints"/>). Call it first, before the service's own middleware
    /// and routes.
    /// </summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app.MapDefaultEndpoints();
    }

    /// <summary>
    /// Maps <c>/health</c> (every check, answered as <c>{"status": ..., "checks": {...}}</c>) and <c>/alive</c>
    /// (the live-tagged checks), in every environment. Neither needs a key, and neither shows a description,
    /// an exception or a secret.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        HealthEndpoints.Map(app);
        return app;
    }
}
