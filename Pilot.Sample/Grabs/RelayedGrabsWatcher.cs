using Pilot.Sample.DownloadClients;
using Pulse.Client.Registry;
using Pulse.Client.Relay;

namespace Pilot.Sample.Grabs;

/// <summary>
/// Follows the grabs queued through the relay: every <see cref="Interval"/> it reads each one's message from the
/// registry and records the grab <c>completed</c> (with the info hash of the torrent the download client answered) or
/// <c>failed</c> (with its reason) once the relay says so. A registry that cannot be reached leaves them
/// queued.
/// </summary>
internal sealed class RelayedGrabsWatcher(
    GrabStore grabs, DownloadClientStore clients, PulseRelayClient relay, TimeProvider time, ILogger<RelayedGrabsWatcher> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        var queued = await grabs.ListQueuedAsync(cancellationToken);
        if (queued.Count == 0)
        {
            return;
        }

        var serviceIds = (await clients.ListAsync(cancellationToken))
            .Where(c => c.ServiceId is not null)
            .GroupBy(c => c.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().ServiceId!, StringComparer.Ordinal);
        foreach (var grab in queued)
        {
            if (grab.MessageId is null || grab.DownloadClient is null || !serviceIds.TryGetValue(grab.DownloadClient, out var serviceId))
            {
                continue;
            }

            var message = await relay.GetMessageAsync(serviceId, grab.MessageId, cancellationToken);
            if (!message.IsSuccess)
            {
                Log.RelayCheckFailed(logger, grab.Id, message.Reason ?? message.Outcome.ToString());
                if (message.Outcome == PulseCallOutcome.NotFound)
                {
                    await FinishAsync(grab, GrabRecord.Failed, null, "The registry no longer knows the relayed message.", cancellationToken);
                }

                continue;
            }

            switch (message.Value!.Status)
            {
                case "completed":
                    var infoHash = message.Value.Result is { ValueKind: System.Text.Json.JsonValueKind.Object } result
                        && result.TryGetProperty("info_hash", out var hash) ? hash.GetString() : null;
                    await FinishAsync(grab, GrabRecord.Completed, infoHash, null, cancellationToken);
                    break;
                case "failed":
                    await FinishAsync(grab, GrabRecord.Failed, null,
                        $"Download client '{grab.DownloadClient}' failed: {message.Value.Reason ?? "no reason given"}.", cancellationToken);
                    break;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CheckAsync(stoppingToken);
            }
            catch (Npgsql.NpgsqlException exception)
            {
                Log.RelayCheckFailed(logger, Guid.Empty, exception.GetType().Name);
            }
        }
    }

    private async Task FinishAsync(GrabRecord grab, string status, string? infoHash, string? reason, CancellationToken cancellationToken)
    {
        await grabs.FinishAsync(grab, status, grab.DownloadClient, infoHash, reason, cancellationToken);
        Log.RelayedGrabFinished(logger, grab.Id, status);
    }
}
