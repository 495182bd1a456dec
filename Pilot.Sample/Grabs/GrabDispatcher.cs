using Pilot.Sample.DownloadClients;

namespace Pilot.Sample.Grabs;

/// <summary>
/// Sends a stored grab to the first eligible download client and records how it ended. A <c>401</c> triggers an
/// immediate resync with the registry and one retry with what it brings.
/// </summary>
internal sealed class GrabDispatcher(
    DownloadClientStore clients, GrabStore grabs, DownloadClientSender sender, IDownloadClientResync resync, ILogger<GrabDispatcher> logger)
{
    public const string NoEligibleClient = "No download client is enabled and online.";

    public async Task<GrabRecord> DispatchAsync(GrabRecord grab, CancellationToken cancellationToken)
    {
        if (await PickAsync(cancellationToken) is not { } client)
        {
            return await grabs.FinishAsync(grab, GrabRecord.Failed, downloadClient: null, infoHash: null, NoEligibleClient, cancellationToken);
        }

        var outcome = await sender.SendAsync(client, grab, cancellationToken);
        if (outcome is SendOutcome.Unauthorized)
        {
            Log.StaleKey(logger, client.Name);
            await resync.ResyncAsync(cancellationToken);
            client = await PickAsync(cancellationToken) ?? client;
            outcome = await sender.SendAsync(client, grab, cancellationToken);
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

    private async Task<DownloadClientRecord?> PickAsync(CancellationToken cancellationToken) =>
        (await clients.ListEligibleAsync(cancellationToken)).FirstOrDefault();
}
