namespace Pilot.Sample.Grabs;

/// <summary>
/// Takes every stored <c>pending</c> grab to where Pilot knows what its download client has: the ones left by a crash
/// mid-send (at start), and the ones whose send got no answer. Every <see cref="Interval"/> it works through them in
/// order, leaving alone a client that missed recently (<see cref="RetryBackoff"/>).
/// </summary>
internal sealed class PendingGrabsResolver(
    GrabStore grabs, GrabDispatcher dispatcher, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<PendingGrabsResolver> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly RetryBackoff _backoff = new(time);

    public async Task ResolveDueAsync(CancellationToken cancellationToken)
    {
        foreach (var grab in await grabs.ListPendingAsync(cancellationToken))
        {
            var client = grab.DownloadClient ?? "";
            if (!_backoff.IsDue(client))
            {
                continue;
            }

            if (grab.DownloadClient is null)
            {
                Log.ResendingPendingGrab(logger, grab.Id);
            }

            if (await dispatcher.ResolveAsync(grab, cancellationToken) is not { } resolved)
            {
                continue; // another caller is sending it
            }

            if (resolved.Status == GrabRecord.Pending)
            {
                var delay = _backoff.Missed(resolved.DownloadClient ?? client);
                Log.GrabStillPending(logger, grab.Id, resolved.DownloadClient ?? "", delay);
            }
            else
            {
                _backoff.Answered(resolved.DownloadClient ?? client);
                Log.GrabResolved(logger, grab.Id, resolved.Status);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Delay(Timeout.Infinite, lifetime.ApplicationStarted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await ResolveDueAsync(stoppingToken);
            }
            catch (Npgsql.NpgsqlException exception)
            {
                Log.ResolvingFailed(logger, exception.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
