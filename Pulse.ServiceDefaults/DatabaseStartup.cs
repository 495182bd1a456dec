using Microsoft.Extensions.Logging;
using Npgsql;
using Polly;
using Polly.Retry;

namespace Pulse.ServiceDefaults;

/// <summary>
/// A service's start-up work against its database (migrations, loading its state), tried again while the database
/// does not answer in time or is still starting — a loaded machine, a server that is restarting — for about a minute,
/// instead of ending the process at the first timeout.
/// </summary>
public static partial class DatabaseStartup
{
    /// <summary>Runs <paramref name="work"/>, and again after 1 s, 2 s, 4 s, then every 10 s (8 retries) on a transient database failure.</summary>
    /// <param name="work">The start-up work; it must be safe to run again after a failure (idempotent migrations).</param>
    /// <param name="logger">Where each retry is logged, with the kind of failure (never a connection string).</param>
    /// <param name="cancellationToken">Stops the attempts (the host is stopping).</param>
    /// <param name="timeProvider">The clock of the waits; the system's when not given.</param>
    public static async Task RunAsync(
        Func<CancellationToken, Task> work, ILogger logger, CancellationToken cancellationToken, TimeProvider? timeProvider = null)
    {
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = timeProvider ?? TimeProvider.System }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>(exception => exception.IsTransient).Handle<TimeoutException>(),
                MaxRetryAttempts = 8,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromSeconds(1),
                MaxDelay = TimeSpan.FromSeconds(10),
                OnRetry = retry =>
                {
                    LogRetry(logger, retry.AttemptNumber + 1, retry.Outcome.Exception?.GetType().Name, retry.RetryDelay);
                    return default;
                },
            })
            .Build();
        await pipeline.ExecuteAsync(static async (run, ct) => await run(ct), work, cancellationToken);
    }

    [LoggerMessage(EventId = 1, EventName = "DatabaseStartupRetry", Level = LogLevel.Warning,
        Message = "Start-up against the database failed (attempt {Attempt}, {Failure}); trying again in {Delay}")]
    private static partial void LogRetry(ILogger logger, int attempt, string? failure, TimeSpan delay);
}
