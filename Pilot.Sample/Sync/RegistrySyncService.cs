using Microsoft.Extensions.Options;
using Pulse.Client;
using Pulse.Client.Registry;

namespace Pilot.Sample.Sync;

/// <summary>
/// Follows the registry's download clients with blocking reads (<c>?index=N&amp;wait=30s</c>): each answer is the
/// complete list, applied at the sync level, so a change lands in well under a second and every answer is also a full
/// reconcile. An unreachable registry or an error answer changes nothing; the loop backs off (1 s doubling to 30 s)
/// and carries on.
/// </summary>
internal sealed class RegistrySyncService(
    PulseRegistryClient registry,
    DownloadClientReconciler reconciler,
    IOptions<PulseRegistrationOptions> pulse,
    IOptionsMonitor<PilotOptions> pilot,
    TimeProvider time,
    ILogger<RegistrySyncService> logger) : BackgroundService
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!pulse.Value.IsEnabled || pilot.CurrentValue.SyncLevel == SyncLevel.Disabled)
        {
            return;
        }

        long? index = null;
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            var answer = await registry.GetDownloadClientsAsync(index, index is null ? null : Wait, stoppingToken);
            if (answer is { IsSuccess: true, Value: { } list })
            {
                var changes = await reconciler.ApplyAsync(list.Entries, stoppingToken);
                if (changes > 0)
                {
                    Log.Synced(logger, changes);
                }

                index = list.Index;
                backoff = TimeSpan.FromSeconds(1);
                continue;
            }

            Log.ResyncFailed(logger, answer.Reason ?? answer.Outcome.ToString());
            index = null;
            await Task.Delay(backoff, time, stoppingToken);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }
}
