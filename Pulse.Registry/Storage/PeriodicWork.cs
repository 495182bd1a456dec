namespace Pulse.Registry.Storage;

/// <summary>The loop of the registry's periodic background work: sweeps, the heartbeat flush and the index watchers.</summary>
internal static class PeriodicWork
{
    /// <summary>
    /// The most rows one statement of background work (a sweep, the event publisher) takes: a transaction holds its
    /// locks briefly, and a full batch means there may be more, so the work goes on at once.
    /// </summary>
    public const int BatchSize = 500;

    /// <summary>
    /// Runs <paramref name="work"/> at every tick of <paramref name="interval"/> on <paramref name="time"/> until
    /// <paramref name="stoppingToken"/> is cancelled. A round that fails on the database (down, or too slow) is reported
    /// to <paramref name="failed"/> and the next tick tries again; any other exception ends the loop.
    /// </summary>
    public static async Task RunAsync(TimeSpan interval, TimeProvider time, Func<CancellationToken, Task> work,
        Action<Exception> failed, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await work(stoppingToken);
            }
            catch (Exception exception) when (IsDatabaseFailure(exception))
            {
                failed(exception);
            }
        }
    }

    /// <summary>Whether an exception is the database failing (down, or too slow), which the next round may not meet.</summary>
    public static bool IsDatabaseFailure(Exception exception) => exception is NpgsqlException or TimeoutException;
}
