namespace Pilot.Sample.Grabs;

/// <summary>
/// Grabs still <c>pending</c> at start were stored but not sent (the process died mid-send): they are sent once the
/// server listens. Haul's idempotency by info hash makes a grab that did reach it harmless.
/// </summary>
internal sealed class PendingGrabsResender(
    GrabStore grabs, GrabDispatcher dispatcher, IHostApplicationLifetime lifetime, ILogger<PendingGrabsResender> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Delay(Timeout.Infinite, lifetime.ApplicationStarted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var grab in await grabs.ListPendingAsync(stoppingToken))
        {
            Log.ResendingPendingGrab(logger, grab.Id);
            await dispatcher.DispatchAsync(grab, stoppingToken);
        }
    }
}
