using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Pulse.ServiceDefaults;

/// <summary>Pings Redis through the service's <see cref="IConnectionMultiplexer"/>.</summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        try
        {
            // PING takes no token, and while Redis is down it waits in the multiplexer's backlog for the multiplexer's
            // own timeout (5 s): WaitAsync is what holds the check to its timeout.
            await redis.GetDatabase().PingAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        // A check that ran out of time (or whose caller went away) is a failure, never a hang and never Healthy.
        catch (Exception exception) when (exception is RedisException or TimeoutException or OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis is not reachable.");
        }
    }
}
