using System.Collections.Concurrent;
using Pilot.Sample.DownloadClients;

namespace Pilot.Sample.Grabs;

/// <summary>
/// Sends grabs to download clients and records what is known of them. A grab goes to the first eligible client, which is
/// recorded on the grab before the send; an answer that never came leaves it <c>pending</c> on that client, and
/// <see cref="ResolveAsync"/> then asks the client by the grab's id (and sends it again if the client confirms it does
/// not have it) until the client has it or refuses it. A <c>401</c> triggers an immediate resync with the registry and
/// one retry with what it brings. One grab is worked on by one caller at a time.
/// </summary>
internal sealed class GrabDispatcher(
    DownloadClientStore clients,
    GrabStore grabs,
    DownloadClientSender sender,
    GrabRelay relay,
    IDownloadClientResync resync,
    TimeProvider time,
    ILogger<GrabDispatcher> logger)
{
    public const string NoEligibleClient = "No download client is enabled and online.";

    /// <summary>The pause before a first send that got no answer is made again.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<Guid, byte> _inFlight = new();

    /// <summary>
    /// Stores a new grab (<c>pending</c>) and starts sending it. Answers the grab as stored and the send, which runs to its
    /// end whatever happens to the caller: a half-sent grab is worse than a late answer.
    /// </summary>
    public async Task<(GrabRecord Stored, Task<GrabRecord> Sending)> AcceptAsync(GrabRequest request, CancellationToken cancellationToken)
    {
        // Claimed before the row exists, so the background resolver never picks up a grab this request is sending.
        var id = Guid.CreateVersion7();
        _inFlight[id] = 0;
        GrabRecord? grab = null;
        try
        {
            grab = await grabs.AddPendingAsync(id, request, cancellationToken);
        }
        finally
        {
            if (grab is null)
            {
                _inFlight.TryRemove(id, out _);
            }
        }

        return (grab, ReleaseAfterAsync(id, DispatchAsync(grab, CancellationToken.None)));
    }

    /// <summary>
    /// Takes a stored <c>pending</c> grab one step further: sent for the first time if it never was, else asked about (and
    /// sent again if need be) on the client it went to. Null when another caller is working on it.
    /// </summary>
    public async Task<GrabRecord?> ResolveAsync(GrabRecord grab, CancellationToken cancellationToken)
    {
        if (!_inFlight.TryAdd(grab.Id, 0))
        {
            return null;
        }

        try
        {
            var client = grab.DownloadClient is { } name ? await FindAsync(name, cancellationToken) : null;

            // Never sent, or its client is gone from the list: it is sent as a new grab would be, under the same id.
            return client is null
                ? await DispatchAsync(grab, cancellationToken)
                : await RecordAsync(grab, client, await AskOrResendAsync(client, grab, cancellationToken), firstSend: false, cancellationToken);
        }
        finally
        {
            _inFlight.TryRemove(grab.Id, out _);
        }
    }

    private async Task<GrabRecord> DispatchAsync(GrabRecord grab, CancellationToken cancellationToken)
    {
        if (await PickAsync(cancellationToken) is not { } client)
        {
            return await grabs.FinishAsync(grab, GrabRecord.Failed, downloadClient: null, infoHash: null, NoEligibleClient, cancellationToken);
        }

        grab = await grabs.AssignAsync(grab, client.Name, cancellationToken);
        var outcome = await SendAsync(client, grab, cancellationToken);
        if (outcome is SendOutcome.Unauthorized)
        {
            // A 401 is answered before the body is read: the grab did not arrive, so it may go to another client.
            Log.StaleKey(logger, client.Name);
            await resync.ResyncAsync(cancellationToken);
            if (await PickAsync(cancellationToken) is { } picked)
            {
                grab = picked.Name == client.Name ? grab : await grabs.AssignAsync(grab, picked.Name, cancellationToken);
                client = picked; // with the key the resync brought
            }

            outcome = await SendAsync(client, grab, cancellationToken);
        }

        if (outcome is SendOutcome.Unanswered or SendOutcome.Unreachable)
        {
            await Task.Delay(RetryDelay, time, cancellationToken);
            var again = await SendAsync(client, grab, cancellationToken);

            // Once a send may have arrived, no later answer short of the client's own says that it did not.
            outcome = outcome is SendOutcome.Unanswered && again is SendOutcome.Unreachable ? outcome : again;
        }

        return await RecordAsync(grab, client, outcome, firstSend: true, cancellationToken);
    }

    // Asks the client whether it has the grab (cheap: no body, no fetch) and sends it again only if it confirms it has not.
    private async Task<SendOutcome> AskOrResendAsync(DownloadClientRecord client, GrabRecord grab, CancellationToken cancellationToken)
    {
        if (client.DeliveryMode == "poll")
        {
            return await relay.SendAsync(client, grab, cancellationToken); // coalesced by the grab's id
        }

        var outcome = await sender.LookupAsync(client, grab, cancellationToken);
        if (outcome is SendOutcome.Unauthorized)
        {
            Log.StaleKey(logger, client.Name);
            await resync.ResyncAsync(cancellationToken);
            client = await FindAsync(client.Name, cancellationToken) ?? client;
            outcome = await sender.LookupAsync(client, grab, cancellationToken);
        }

        return outcome is SendOutcome.NotFound ? await sender.SendAsync(client, grab, cancellationToken) : outcome;
    }

    private async Task<GrabRecord> RecordAsync(
        GrabRecord grab, DownloadClientRecord client, SendOutcome outcome, bool firstSend, CancellationToken cancellationToken)
    {
        switch (outcome)
        {
            case SendOutcome.Sent sent:
                return await grabs.FinishAsync(grab, GrabRecord.Sent, client.Name, sent.InfoHash, reason: null, cancellationToken);
            case SendOutcome.Queued queued:
                Log.GrabQueued(logger, grab.Id, client.Name, queued.MessageId);
                return await grabs.QueueAsync(grab, client.Name, queued.MessageId, cancellationToken);
            case SendOutcome.Refused refused:
                return await FailAsync(grab, client, refused.Reason, cancellationToken);

            // Only the sends of this very call were ever made, and none made a connection: the client does not have it.
            case SendOutcome.Unreachable unreachable when firstSend:
                return await FailAsync(grab, client, unreachable.Reason, cancellationToken);
            case SendOutcome.Unauthorized when firstSend:
                return await FailAsync(grab, client, "it refused the API key (401)", cancellationToken);
            default:
                Log.GrabPending(logger, grab.Id, client.Name, Describe(outcome));
                return grab;
        }
    }

    private async Task<GrabRecord> FailAsync(GrabRecord grab, DownloadClientRecord client, string reason, CancellationToken cancellationToken)
    {
        Log.GrabFailed(logger, grab.Id, client.Name, reason);
        return await grabs.FinishAsync(grab, GrabRecord.Failed, client.Name, infoHash: null,
            $"Download client '{client.Name}' failed: {reason}.", cancellationToken);
    }

    private static string Describe(SendOutcome outcome) => outcome switch
    {
        SendOutcome.Unanswered unanswered => unanswered.Reason,
        SendOutcome.Unreachable unreachable => unreachable.Reason,
        SendOutcome.Unauthorized => "it refused the API key (401)",
        _ => outcome.GetType().Name,
    };

    private async Task<GrabRecord> ReleaseAfterAsync(Guid id, Task<GrabRecord> sending)
    {
        try
        {
            return await sending;
        }
        finally
        {
            _inFlight.TryRemove(id, out _);
        }
    }

    // A client in poll mode has no reachable URL: its grabs go through the registry's relay.
    private Task<SendOutcome> SendAsync(DownloadClientRecord client, GrabRecord grab, CancellationToken cancellationToken) =>
        client.DeliveryMode == "poll"
            ? relay.SendAsync(client, grab, cancellationToken)
            : sender.SendAsync(client, grab, cancellationToken);

    private async Task<DownloadClientRecord?> FindAsync(string name, CancellationToken cancellationToken) =>
        (await clients.ListAsync(cancellationToken)).FirstOrDefault(c => c.Name == name);

    // Enabled and not offline, lowest priority number first, ties by name. A client in poll mode stays eligible while
    // offline: the relay keeps its grabs until it is back, so nothing is lost while it is offline.
    private async Task<DownloadClientRecord?> PickAsync(CancellationToken cancellationToken) =>
        (await clients.ListAsync(cancellationToken))
            .FirstOrDefault(c => c.Enabled && (c.Status != "offline" || c.DeliveryMode == "poll"));
}
