using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Pulse.ServiceDefaults;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The <c>postgres</c> and <c>redis</c> checks that <c>/health</c> reports, next to Aspire's Npgsql and
/// StackExchange.Redis client integrations. Turn the integrations' own checks off
/// (<c>settings =&gt; settings.DisableHealthChecks = true</c>): they have other names and no timeout, and Redis's is
/// always <see cref="HealthStatus.Unhealthy"/> on failure.
/// </summary>
public static class HealthCheckExtensions
{
    // Both under 5 s with room to spare: /health runs the checks side by side and must answer within 5 s, whatever a
    // dependency does. A check that runs out of time reports its failure status, never Healthy.
    private static readonly TimeSpan PostgresTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan RedisTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Adds the <c>postgres</c> check: <c>SELECT 1</c> through the <see cref="NpgsqlDataSource"/> that
    /// <c>AddNpgsqlDataSource</c> registers, <see cref="HealthStatus.Unhealthy"/> when it fails or takes over 3 seconds.
    /// </summary>
    /// <param name="builder">The service's host builder.</param>
    public static TBuilder AddPostgresHealthCheck<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            PulseResources.PostgresHealthCheck,
            services => new PostgresHealthCheck(services.GetRequiredService<NpgsqlDataSource>()),
            HealthStatus.Unhealthy,
            tags: null,
            PostgresTimeout));
        return builder;
    }

    /// <summary>
    /// Adds the <c>redis</c> check: a <c>PING</c> through the <see cref="IConnectionMultiplexer"/> that
    /// <c>AddRedisClient</c> registers, reported as <paramref name="failureStatus"/> when it fails or takes over
    /// 3 seconds.
    /// </summary>
    /// <param name="builder">The service's host builder.</param>
    /// <param name="failureStatus">What the check reports when Redis does not answer: <see cref="HealthStatus.Unhealthy"/>
    /// by default; <see cref="HealthStatus.Degraded"/> for a service that keeps serving without Redis.</param>
    public static TBuilder AddRedisHealthCheck<TBuilder>(this TBuilder builder, HealthStatus failureStatus = HealthStatus.Unhealthy)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            PulseResources.RedisHealthCheck,
            services => new RedisHealthCheck(services.GetRequiredService<IConnectionMultiplexer>()),
            failureStatus,
            tags: null,
            RedisTimeout));
        return builder;
    }
}
