using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Pulse.ServiceDefaults;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// <c>AddNpgsqlDataSource</c> with the name and meaning of Aspire's Npgsql client integration, built on Npgsql
/// and Npgsql.OpenTelemetry.
/// </summary>
public static class NpgsqlExtensions
{
    /// <summary>
    /// Registers one <see cref="NpgsqlDataSource"/> built from <c>ConnectionStrings:&lt;connectionName&gt;</c>,
    /// a health check named <c>postgres</c> and Npgsql's tracing.
    /// </summary>
    /// <param name="builder">The service's host builder.</param>
    /// <param name="connectionName">The connection string's name (the AppHost's database resource).</param>
    /// <param name="configureDataSourceBuilder">Adjusts the data source before it is built, as in Aspire's integration.</param>
    /// <exception cref="InvalidOperationException">The connection string is missing.</exception>
    public static TBuilder AddNpgsqlDataSource<TBuilder>(
        this TBuilder builder, string connectionName, Action<NpgsqlDataSourceBuilder>? configureDataSourceBuilder = null)
        where TBuilder : IHostApplicationBuilder
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"The PostgreSQL connection string is missing: set 'ConnectionStrings:{connectionName}' " +
                $"(the AppHost sets it as ConnectionStrings__{connectionName}).");
        }

        builder.Services.AddNpgsqlDataSource(connectionString, configureDataSourceBuilder ?? (_ => { }));

        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            PulseResources.PostgresHealthCheck,
            services => new NpgsqlHealthCheck(services.GetRequiredService<NpgsqlDataSource>()),
            failureStatus: HealthStatus.Unhealthy,
            tags: null,
            timeout: TimeSpan.FromSeconds(5)));

        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddNpgsql());
        return builder;
    }

    private sealed class NpgsqlHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
        {
            try
            {
                await using var command = dataSource.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                return new HealthCheckResult(context.Registration.FailureStatus, "PostgreSQL is not reachable.");
            }
        }
    }
}
