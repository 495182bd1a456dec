using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;

namespace Pulse.Client.Relay;

/// <summary>
/// Calls the registry's relay routes, with the error classes of <see cref="PulseRegistryClient"/>: a
/// <c>409</c> (someone else holds the claim, the message is finished, or the epoch is stale) is
/// <see cref="PulseCallOutcome.Permanent"/> with <see cref="PulseResult{T}.StatusCode"/> <c>409</c>.
/// </summary>
/// <param name="registry">The registry client whose HTTP policy these calls share.</param>
/// <param name="options">The registry's URL, key and call timeout.</param>
public sealed class PulseRelayClient(PulseRegistryClient registry, IOptionsMonitor<PulseRegistrationOptions> options)
{
    /// <summary>Posts a message for a service in poll mode: <c>POST /api/v1/services/{id}/messages</c>.</summary>
    public Task<PulseResult<RelayPosted>> PostMessageAsync(
        string serviceId, string type, string? key, JsonElement payload, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"{Service(serviceId)}/messages",
            JsonContent.Create(new PostMessageBody(type, key, payload), RelayJsonContext.Default.PostMessageBody),
            RelayJsonContext.Default.RelayPosted, cancellationToken);

    /// <summary>Reads a message's state: <c>GET /api/v1/services/{id}/messages/{mid}</c>.</summary>
    public Task<PulseResult<RelayMessageState>> GetMessageAsync(string serviceId, string messageId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"{Message(serviceId, messageId)}", null, RelayJsonContext.Default.RelayMessageState, cancellationToken);

    /// <summary>
    /// Tails the delivery log after <paramref name="after"/> (<c>0</c>: from the oldest retained delivery), waiting up
    /// to <paramref name="wait"/> for new ones. <see cref="PulseResult{T}.StatusCode"/> <c>410</c>: the cursor is outside
    /// the retained window; reset it to <c>0</c>.
    /// </summary>
    public Task<PulseResult<RelayDeliveryPage>> GetDeliveriesAsync(
        string serviceId, string after, TimeSpan wait, CancellationToken cancellationToken)
    {
        var path = string.Create(CultureInfo.InvariantCulture,
            $"{Service(serviceId)}/deliveries?after={Uri.EscapeDataString(after)}&wait={(long)wait.TotalMilliseconds}ms");

        // A long poll is held up to its wait plus the registry's jitter (wait/16): the timeout must outlast both.
        var timeout = options.CurrentValue.RequestTimeout + wait * 1.1;
        return registry.SendCoreAsync(HttpMethod.Get, path, null, timeout, async (response, ct) =>
            (await response.Content.ReadFromJsonAsync(RelayJsonContext.Default.RelayDeliveryPage, ct))!, cancellationToken);
    }

    /// <summary>Claims a message under a lease: <c>POST .../messages/{mid}/claim</c>.</summary>
    public Task<PulseResult<RelayClaim>> ClaimAsync(string serviceId, string messageId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"{Message(serviceId, messageId)}/claim", null, RelayJsonContext.Default.RelayClaim, cancellationToken);

    /// <summary>Extends a claim's lease: <c>POST .../messages/{mid}/heartbeat</c>.</summary>
    public Task<PulseResult<RelayClaim>> HeartbeatAsync(RelayClaimRef claim, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"{Message(claim.ServiceId, claim.MessageId)}/heartbeat",
            JsonContent.Create(new EpochBody(claim.Epoch), RelayJsonContext.Default.EpochBody),
            RelayJsonContext.Default.RelayClaim, cancellationToken);

    /// <summary>Completes a claimed message with its result: <c>POST .../messages/{mid}/complete</c>.</summary>
    public Task<PulseResult<RelayMessageState>> CompleteAsync(RelayClaimRef claim, JsonElement? result, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"{Message(claim.ServiceId, claim.MessageId)}/complete",
            JsonContent.Create(new CompleteBody(claim.Epoch, result), RelayJsonContext.Default.CompleteBody),
            RelayJsonContext.Default.RelayMessageState, cancellationToken);

    /// <summary>Fails a claim, asking for another attempt with <paramref name="retry"/>: <c>POST .../messages/{mid}/fail</c>.</summary>
    public Task<PulseResult<RelayMessageState>> FailAsync(RelayClaimRef claim, string? reason, bool retry, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"{Message(claim.ServiceId, claim.MessageId)}/fail",
            JsonContent.Create(new FailBody(claim.Epoch, reason, retry), RelayJsonContext.Default.FailBody),
            RelayJsonContext.Default.RelayMessageState, cancellationToken);

    private Task<PulseResult<T>> SendAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> body,
        CancellationToken cancellationToken) =>
        registry.SendCoreAsync(method, path, content, options.CurrentValue.RequestTimeout,
            async (response, ct) => (await response.Content.ReadFromJsonAsync(body, ct))!, cancellationToken);

    private static string Service(string serviceId) => $"api/v1/services/{Uri.EscapeDataString(serviceId)}";

    private static string Message(string serviceId, string messageId) =>
        $"{Service(serviceId)}/messages/{Uri.EscapeDataString(messageId)}";
}

/// <summary>Names a claim: the service, the message and the claim's epoch.</summary>
/// <param name="ServiceId">The service the message is for.</param>
/// <param name="MessageId">The message.</param>
/// <param name="Epoch">The claim's epoch.</param>
public sealed record RelayClaimRef(string ServiceId, string MessageId, long Epoch)
{
    /// <summary>When the claim's lease ends unless extended (as the registry last said).</summary>
    public DateTimeOffset LeaseExpiresAt { get; init; }
}
