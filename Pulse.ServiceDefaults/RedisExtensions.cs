using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pulse.ServiceDefaults;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// <c>AddRedisClient</c> with the name and meaning of Aspire's StackExchange.Redis client integration.
/// </summary>
public static class RedisExtensions
{
    /// <summary>
    /// Registers one <see cref="IConnectionMultiplexer"/> for <c>ConnectionStrings:&lt;connectionName&gt;</c> and a
    /// health check named <c>redis</c>. The multiplexer does not abort when Redis is down at start: it keeps
    /// reconnecting, so a service can start and serve before Redis does.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="connectionName">The connection string's name.</param>
    /// <param name="failureStatus">What the health check reports when Redis does not answer: <see cref="HealthStatus.Unhealthy"/>
    /// by default; <see cref="HealthStatus.Degraded"/> for a service that keeps serving without Redis.</param>
    /// <exception cref="InvalidOperationException">The connection string is missing.</exception>
    public static TBuilder AddRedisClient<TBuilder>(
        this TBuilder builder, string connectionName, HealthStatus failureStatus = HealthStatus.Unhealthy)
        where TBuilder : IHostApplicationBuilder
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"The Redis connection string is missing: set 'ConnectionStrings:{connectionName}' " +
                $"(the AppHost sets it as ConnectionStrings__{connectionName}).");
        }

        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));

        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            PulseResources.RedisHealthCheck,
            services => new RedisHealthCheck(services.GetRequiredService<IConnectionMultiplexer>()),
            failureStatus,
            tags: null,
            timeout: TimeSpan.FromSeconds(3)));
        return builder;
    }

    private sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
        {
            try
            {
                await redis.GetDatabase().PingAsync().WaitAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                return new HealthCheckResult(context.Registration.FailureStatus, "Redis is not reachable.");
            }
        }
    }
}
