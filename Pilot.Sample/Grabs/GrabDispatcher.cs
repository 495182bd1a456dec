using Pilot.Sample.DownloadClients;

namespace Pilot.Sample.Grabs;

/// <summary>
/// Sends a stored grab to the first eligible download client and records how it ended. A <c>401</c> triggers an
/// immediate resync with the registry and one retry with what it brings.
/// </summary>
internal sealed class GrabDispatcher(
    DownloadClientStore clients,
    GrabStore grabs,
    DownloadClientSender sender,
    GrabRelay relay,
    IDownloadClientResync resync,
    ILogger<GrabDispatcher> logger)
{
    public const string NoEligibleClient = "No download client is enabled and online.";

    public async Task<GrabRecord> DispatchAsync(GrabRecord grab, CancellationToken cancellationToken)
    {
        if (await PickAsync(cancellationToken) is not { } client)
        {
            return await grabs.FinishAsync(grab, GrabRecord.Failed, downloadClient: null, infoHash: null, NoEligibleClient, cancellationToken);
        }

        var outcome = await SendAsync(client, grab, cancellationToken);
        if (outcome is SendOutcome.Unauthorized)
        {
            Log.StaleKey(logger, client.Name);
            await resync.ResyncAsync(cancellationToken);
            client = await PickAsync(cancellationToken) ?? client;
            outcome = await SendAsync(client, grab, cancellationToken);
        }

        if (outcome is SendOutcome.Queued queued)
        {
            Log.GrabQueued(logger, grab.Id, client.Name, queued.MessageId);
            return await grabs.QueueAsync(grab, client.Name, queued.MessageId, cancellationToken);
        }

        return outcome switch
        {
            SendOutcome.Sent sent => await grabs.FinishAsync(grab, GrabRecord.Sent, client.Name, sent.InfoHash, reason: null, cancellationToken),
            SendOutcome.Failed failed => await FailAsync(grab, client, failed.Reason, cancellationToken),
            _ => await FailAsync(grab, client, "it refused the API key (401)", cancellationToken),
        };
    }

    private async Task<GrabRecord> FailAsync(GrabRecord grab, DownloadClientRecord client, string reason, CancellationToken cancellationToken)
    {
        Log.GrabFailed(logger, grab.Id, client.Name, reason);
        return await grabs.FinishAsync(grab, GrabRecord.Failed, client.Name, infoHash: null,
            $"Download client '{client.Name}' failed: {reason}.", cancellationToken);
    }

    // A client in poll mode has no reachable URL: its grabs go through the registry's relay.
    private Task<SendOutcome> SendAsync(DownloadClientRecord client, GrabRecord grab, CancellationToken cancellationToken) =>
        client.DeliveryMode == "poll"
            ? relay.SendAsync(client, grab, cancellationToken)
            : sender.SendAsync(client, grab, cancellationToken);

    // Enabled and not offline, lowest priority number first, ties by name. A client in poll mode stays eligible while
    // offline: the relay keeps its grabs until it is back, so nothing is lost while it is offline.
    private async Task<DownloadClientRecord?> PickAsync(CancellationToken cancellationToken) =>
        (await clients.ListAsync(cancellationToken))
            .FirstOrDefault(c => c.Enabled && (c.Status != "offline" || c.DeliveryMode == "poll"));
}
