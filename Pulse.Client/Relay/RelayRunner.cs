using System.Net;
using Microsoft.Extensions.Hosting;
using Polly;
using Pulse.Client.Cursors;

namespace Pulse.Client.Relay;

/// <summary>
/// Takes a poll-mode service's work from the registry's relay. Once the service is registered it tails its
/// delivery log with long polls, handles the deliveries one at a time and in order (claim, handler, complete or
/// fail), keeps each claim's lease alive while its handler runs, and saves its cursor once per page, after every
/// delivery of it was handled (a restart reads that page again; what it finished is passed over). A claim refused with <c>409</c> (someone else holds it, or it is done)
/// is skipped. A <c>410</c> resets the cursor to the oldest retained delivery. Transient errors are retried with a
/// backoff of 1 s doubling to 30 s (a Polly retry pipeline on <see cref="TimeProvider"/>), reset on success; a
/// permanent one stops only the loop it hit, with a log line saying why.
/// </summary>
public sealed class RelayRunner(
    PulseRelayClient relay,
    IPulseRegistration registration,
    IEnumerable<IPulseRelayHandler> handlers,
    IOptions<PulseRelayOptions> options,
    IOptions<PulseRegistrationOptions> pulseOptions,
    TimeProvider time,
    ILogger<RelayRunner> logger) : BackgroundService
{
    private readonly Dictionary<string, IPulseRelayHandler> _handlers = handlers.ToDictionary(h => h.MessageType, StringComparer.Ordinal);
    private readonly PulseRelayOptions _options = options.Value;

    // Reading the tail: transient errors, and a 404 while the registration re-registers the service, are read again
    // after the backoff. Each page starts it afresh, so a success resets it.
    private readonly ResiliencePipeline<PulseResult<RelayDeliveryPage>?> _reads = PulseRetry.Build(time,
        PulseRetry.Doubling<PulseResult<RelayDeliveryPage>?>(options.Value.InitialBackoff, options.Value.MaxBackoff),
        page => page is { Value: null, Outcome: not PulseCallOutcome.Permanent },
        (page, _, wait) => Log.RelayTailFailed(logger, page!.Reason ?? page.Outcome.ToString(), wait));

    /// <summary>The cursor stream name for a service: <c>relay-&lt;service id&gt;</c>.</summary>
    public static string CursorStream(string serviceId) => $"relay-{serviceId.ToLowerInvariant()}";

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!pulseOptions.Value.IsEnabled)
        {
            return;
        }

        var cursors = new FileCursorStore(_options.CursorFolder!);
        while (!stoppingToken.IsCancellationRequested)
        {
            var serviceId = await WaitForRegistrationAsync(stoppingToken);
            if (await TailAsync(serviceId, cursors, stoppingToken) == TailEnd.Stopped)
            {
                return;
            }
        }
    }

    private async Task<TailEnd> TailAsync(string serviceId, ICursorStore cursors, CancellationToken cancellationToken)
    {
        var stream = CursorStream(serviceId);
        string cursor;
        try
        {
            cursor = await cursors.ReadAsync(stream, cancellationToken) ?? "0";
        }
        catch (CorruptCursorException exception)
        {
            Log.RelayCursorCorrupt(logger, exception.Message);
            return TailEnd.Stopped;
        }

        Log.RelayStarted(logger, serviceId, cursor);
        int attempts;
        while (!cancellationToken.IsCancellationRequested)
        {
            attempts = 0;
            var page = await _reads.ExecuteAsync(ReadAsync, cancellationToken);
            if (page is null)
            {
                return TailEnd.Moved;
            }

            if (page.Outcome == PulseCallOutcome.Permanent)
            {
                Log.RelayStopped(logger, page.Reason ?? "refused");
                return TailEnd.Stopped;
            }

            if (attempts > 1)
            {
                Log.RelayTailRecovered(logger, attempts - 1);
            }

            var deliveries = page.Value!;
            foreach (var delivery in deliveries.Deliveries)
            {
                await HandleAsync(serviceId, delivery, cancellationToken);
            }

            // Saved once per page, after every delivery of it was handled: a restart mid-page reads the page again,
            // and the messages it already finished are passed over by the registry (or refused at claim).
            if (deliveries.NextCursor != cursor)
            {
                cursor = deliveries.NextCursor;
                await cursors.WriteAsync(stream, cursor, cancellationToken);
            }
        }

        return TailEnd.Stopped;

        // One page. A 410 resets the cursor to the oldest retained delivery and reads again at once (within the same
        // attempt: it is no failure, and no success either). Null when the registry gave the service a new id
        // meanwhile: a new log, a new cursor.
        async ValueTask<PulseResult<RelayDeliveryPage>?> ReadAsync(CancellationToken token)
        {
            attempts++;
            while (!MovedFrom(serviceId))
            {
                var page = await relay.GetDeliveriesAsync(serviceId, cursor, _options.Wait, token);
                if (page.StatusCode != HttpStatusCode.Gone)
                {
                    return page;
                }

                Log.RelayCursorReset(logger, cursor);
                cursor = "0";
                await cursors.WriteAsync(stream, cursor, token);
            }

            return null;
        }
    }

    private bool MovedFrom(string serviceId) =>
        registration.State is { Status: RegistrationStatus.Registered, ServiceId: { } current } && current != serviceId;

    private async Task HandleAsync(string serviceId, RelayDelivery delivery, CancellationToken cancellationToken)
    {
        var claim = await ClaimAsync(serviceId, delivery, cancellationToken);
        if (claim is null)
        {
            return;
        }

        RelayHandlerResult result;
        if (!_handlers.TryGetValue(delivery.Type, out var handler))
        {
            result = RelayHandlerResult.Fail($"This service has no handler for messages of type '{delivery.Type}'.", retry: false);
        }
        else
        {
            using var handling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var lease = KeepLeaseAsync(claim, handling.Token);
            try
            {
                result = await handler.HandleAsync(delivery, handling.Token);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                Log.RelayHandlerThrew(logger, delivery.MessageId, delivery.Type, exception);
                result = RelayHandlerResult.Fail($"The handler failed ({exception.GetType().Name}).", retry: true);
            }
            finally
            {
                await handling.CancelAsync();
                await lease;
            }
        }

        await FinishAsync(claim, delivery, result, cancellationToken);
    }

    private async Task<RelayClaimRef?> ClaimAsync(string serviceId, RelayDelivery delivery, CancellationToken cancellationToken)
    {
        var claim = await Retrying<RelayClaim>(delivery.MessageId)
            .ExecuteAsync(async token => await relay.ClaimAsync(serviceId, delivery.MessageId, token), cancellationToken);
        if (claim is { IsSuccess: true, Value: { } held })
        {
            return new RelayClaimRef(serviceId, delivery.MessageId, held.Epoch) { LeaseExpiresAt = held.LeaseExpiresAt };
        }

        if (claim.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            Log.RelayDeliverySkipped(logger, delivery.DeliveryId, delivery.MessageId, claim.Reason ?? "refused");
        }
        else
        {
            Log.RelayCallRefused(logger, delivery.MessageId, claim.Reason ?? "refused");
        }

        return null;
    }

    // Extends the lease at a third of its length; ends with the handler, or when the lease is lost or refused.
    private async Task KeepLeaseAsync(RelayClaimRef claim, CancellationToken cancellationToken)
    {
        var expires = claim.LeaseExpiresAt;
        try
        {
            while (true)
            {
                var interval = (expires - time.GetUtcNow()) / 3;
                await Task.Delay(interval > TimeSpan.FromMilliseconds(50) ? interval : TimeSpan.FromMilliseconds(50), time, cancellationToken);
                var renewed = await relay.HeartbeatAsync(claim, cancellationToken);
                if (renewed is { IsSuccess: true, Value: { } lease })
                {
                    expires = lease.LeaseExpiresAt;
                }
                else if (renewed.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
                {
                    Log.RelayClaimLost(logger, claim.MessageId, renewed.Reason ?? "conflict");
                    return;
                }
                else if (renewed.Outcome == PulseCallOutcome.Permanent)
                {
                    Log.RelayCallRefused(logger, claim.MessageId, renewed.Reason ?? "refused");
                    return;
                }

                // Transient: the next tick tries again, while the lease still runs.
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task FinishAsync(RelayClaimRef claim, RelayDelivery delivery, RelayHandlerResult result, CancellationToken cancellationToken)
    {
        var finished = await Retrying<RelayMessageState>(claim.MessageId).ExecuteAsync(async token => result.Completed
            ? await relay.CompleteAsync(claim, result.Result, token)
            : await relay.FailAsync(claim, result.Reason, result.Retry, token), cancellationToken);
        if (finished.IsSuccess)
        {
            Log.RelayMessageHandled(logger, delivery.MessageId, delivery.Type, finished.Value!.Status);
        }
        else if (finished.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            Log.RelayClaimLost(logger, claim.MessageId, finished.Reason ?? "conflict");
        }
        else
        {
            Log.RelayCallRefused(logger, claim.MessageId, finished.Reason ?? "refused");
        }
    }

    // A claim or a finish: transient failures are tried again on the backoff. Built per call, as its log line names the
    // message (a pipeline costs little next to the call).
    private ResiliencePipeline<PulseResult<T>> Retrying<T>(string messageId) => PulseRetry.Build(time,
        PulseRetry.Doubling<PulseResult<T>>(_options.InitialBackoff, _options.MaxBackoff),
        result => result is { Value: null, Outcome: not (PulseCallOutcome.Permanent or PulseCallOutcome.NotFound) },
        (result, _, wait) => Log.RelayCallFailed(logger, messageId, result.Reason ?? "transient", wait));

    private async Task<string> WaitForRegistrationAsync(CancellationToken cancellationToken)
    {
        var registered = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChange(RegistrationState state)
        {
            if (state is { Status: RegistrationStatus.Registered, ServiceId: { } id })
            {
                registered.TrySetResult(id);
            }
        }

        registration.StateChanged += OnChange;
        try
        {
            OnChange(registration.State);
            return await registered.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            registration.StateChanged -= OnChange;
        }
    }

    private enum TailEnd
    {
        Stopped,
        Moved,
    }
}
