using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Pulse.ServiceDefaults;

/// <summary>Runs <c>SELECT 1</c> through the service's <see cref="NpgsqlDataSource"/>.</summary>
internal sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        try
        {
            // Npgsql cancels a query by asking the server to, and a frozen server never answers (nor does it answer a new
            // connection's start-up): WaitAsync is what holds the check to its timeout. The abandoned ping ends on
            // Npgsql's own timeouts and returns its connection to the pool.
            await PingAsync(cancellationToken).WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        // A check that ran out of time (or whose caller went away) is a failure, never a hang and never Healthy.
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException
                                              or OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "PostgreSQL is not reachable.");
        }
    }

    private async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }
}
