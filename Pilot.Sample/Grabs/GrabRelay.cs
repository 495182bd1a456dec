using System.Text.Json;
using Pilot.Sample.DownloadClients;
using Pulse.Client.Relay;

namespace Pilot.Sample.Grabs;

/// <summary>
/// Sends a grab to a download client in poll mode through the registry's relay: a <c>torrent.add</c> message keyed by
/// the grab's id, so a grab sent twice while its message is live is one message, and Haul, which adds it under that key,
/// adds it once even when a later message repeats it.
/// </summary>
internal sealed class GrabRelay(PulseRelayClient relay)
{
    public const string MessageType = "torrent.add";

    public async Task<SendOutcome> SendAsync(DownloadClientRecord client, GrabRecord grab, CancellationToken cancellationToken)
    {
        if (client.ServiceId is null)
        {
            return new SendOutcome.Refused($"'{client.Name}' is in poll mode but is not a registered service (no service id)");
        }

        var payload = JsonSerializer.SerializeToElement(new TorrentRequest(grab.Uri, grab.Category), PilotJsonContext.Default.TorrentRequest);
        var posted = await relay.PostMessageAsync(client.ServiceId, MessageType, grab.Id.ToString(), payload, cancellationToken);
        return posted switch
        {
            { IsSuccess: true, Value: { } message } => new SendOutcome.Queued(message.MessageId),
            { Outcome: Pulse.Client.Registry.PulseCallOutcome.Transient } => new SendOutcome.Unanswered($"the registry's relay did not answer ({posted.Reason})"),
            _ => new SendOutcome.Refused($"the registry's relay refused the grab ({posted.Reason ?? posted.Outcome.ToString()})"),
        };
    }
}
