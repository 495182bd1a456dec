using Microsoft.Extensions.Options;
using Npgsql;

namespace Pulse.Registry.Changes;

/// <summary>
/// Reads the stored index every <c>Registry:IndexPollInterval</c>, so blocking reads see changes made by another
/// registry instance even while Redis is down, and so an index that went backwards (data loss) is noticed.
/// </summary>
internal sealed class IndexWatcher(
    RegistryDatabase database,
    ChangeIndex changes,
    TimeProvider time,
    IOptions<RegistryOptions> options,
    ILogger<IndexWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.IndexPollInterval, time);
        var lowerBefore = false;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var connection = await database.DataSource.OpenConnectionAsync(stoppingToken);
                var (stored, _) = await database.ReadIndexAsync(connection, stoppingToken);

                // A lower value once may be a read that raced a local commit; twice in a row, the store went back.
                var lower = stored < changes.Current;
                if (lower && lowerBefore)
                {
                    changes.Reset(stored);
                }
                else if (!lower)
                {
                    changes.Advance(stored);
                }

                lowerBefore = lower;
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                Log.IndexPollFailed(logger, exception);
            }
        }
    }
}
