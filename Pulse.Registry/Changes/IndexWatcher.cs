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
    private bool _lowerBefore;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => PeriodicWork.RunAsync(
        options.Value.IndexPollInterval, time, PollAsync, exception => Log.IndexPollFailed(logger, exception), stoppingToken);

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var (stored, _) = await database.ReadIndexAsync(connection, cancellationToken);

        // A lower value once may be a read that raced a local commit; twice in a row, the store went back.
        var lower = stored < changes.Current;
        if (lower && _lowerBefore)
        {
            changes.Reset(stored);
        }
        else if (!lower)
        {
            changes.Advance(stored);
        }

        _lowerBefore = lower;
    }
}
