using System.Text.Json;
using Pilot.Sample.DownloadClients;
using Pulse.Client.Relay;

namespace Pilot.Sample.Grabs;

/// <summary>
/// Sends a grab to a download client in poll mode through the registry's relay: a <c>torrent.add</c> message
/// keyed by the grab's id, so a grab sent twice (a resend at start) is one message. A transient failure is retried once
/// after 1 s, as a direct send is.
/// </summary>
internal sealed class GrabRelay(PulseRelayClient relay, TimeProvider time)
{
    public const string MessageType = "torrent.add";

    public async Task<SendOutcome> SendAsync(DownloadClientRecord client, GrabRecord grab, CancellationToken cancellationToken)
    {
        if (client.ServiceId is null)
        {
            return new SendOutcome.Failed($"'{client.Name}' is in poll mode but is not a registered service (no service id)");
        }

        var payload = JsonSerializer.SerializeToElement(new TorrentRequest(grab.Uri, grab.Category), PilotJsonContext.Default.TorrentRequest);
        var posted = await relay.PostMessageAsync(client.ServiceId, MessageType, grab.Id.ToString(), payload, cancellationToken);
        if (posted.Outcome == Pulse.Client.Registry.PulseCallOutcome.Transient)
        {
            await Task.Delay(DownloadClientSender.RetryDelay, time, cancellationToken);
            posted = await relay.PostMessageAsync(client.ServiceId, MessageType, grab.Id.ToString(), payload, cancellationToken);
        }

        return posted is { IsSuccess: true, Value: { } message }
            ? new SendOutcome.Queued(message.MessageId)
            : new SendOutcome.Failed($"the registry's relay refused the grab ({posted.Reason ?? posted.Outcome.ToString()})");
    }
}
