using System.Text.Json;
using Haul.Sample.Torrents;
using Haul.Sample.Torrents.Sources;
using Pulse.Client.Relay;
using Pulse.ServiceDefaults.BadInput;

namespace Haul.Sample.Relay;

/// <summary>
/// <c>torrent.add</c> messages from the relay, for Haul in poll mode: the payload is the body of
/// <c>POST /api/v1/torrents</c> and the result the torrent. Adding is idempotent by info hash and by the message's key
/// (stored as the add's idempotency key), so a redelivered message has its effect once.
/// </summary>
internal sealed class TorrentAddHandler(TorrentAdder adder, IServiceProvider services) : IPulseRelayHandler
{
    public const string Type = "torrent.add";

    public string MessageType => Type;

    public async Task<RelayHandlerResult> HandleAsync(RelayDelivery delivery, CancellationToken cancellationToken)
    {
        AddTorrentRequest? request;
        try
        {
            request = delivery.Payload.Deserialize(HaulJsonContext.Default.AddTorrentRequest);
        }
        catch (JsonException)
        {
            request = null;
        }

        if (request is null)
        {
            return RelayHandlerResult.Fail("The payload is not a torrent body ({uri, category?, ...}).", retry: false);
        }

        // A relayed body passes no route, so its rules are checked here: the same ones, from the same annotations.
        if (BodyValidation.Errors(request, services) is { Count: > 0 } errors)
        {
            return RelayHandlerResult.Fail(BodyValidation.Describe(errors), retry: false);
        }

        // The message's key (Pilot's grab id) is the add's idempotency key, as the header is for a direct send.
        var key = delivery.Key is { } k && IdempotencyKey.Validate(k) is null ? k : null;
        var outcome = await adder.AddAsync(request, key, cancellationToken);
        if (outcome.InvalidInput is { } invalid)
        {
            return RelayHandlerResult.Fail(invalid, retry: false);
        }

        // A fetch that failed may work later (the registry's Relay:MaxAttempts bounds the retries); one the fetch
        // policy refused never will.
        if (outcome.Unresolvable is { } unresolvable)
        {
            return RelayHandlerResult.Fail(unresolvable, retry: unresolvable != TorrentFetcher.Refused);
        }

        return RelayHandlerResult.Complete(JsonSerializer.SerializeToElement(outcome.Torrent!, HaulJsonContext.Default.TorrentDto));
    }
}
