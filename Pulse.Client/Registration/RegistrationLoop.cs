using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pulse.Client.Registry;

namespace Pulse.Client.Registration;

/// <summary>
/// Registration and heartbeats as one loop: up to 6 attempts (waits 2, 4, 8, 16, 32 s), standalone with a
/// background retry, then heartbeats with ×1.5 backoff, re-registration on <c>404</c> and after 5 failures. All waits
/// go through <see cref="TimeProvider"/>.
/// </summary>
internal sealed class RegistrationLoop(
    PulseRegistryClient registry,
    IOptionsMonitor<PulseRegistrationOptions> options,
    RegistrationStateHolder state,
    TimeProvider time,
    ILogger<RegistrationLoop> logger)
{
    private string? _serviceId;

    /// <summary>The id the registry gave, kept and sent on every re-registration.</summary>
    public string? ServiceId => _serviceId;

    public async Task RunAsync(RegisterRequest request, CancellationToken cancellationToken)
    {
        state.Set(RegistrationState.Registering);
        var registered = await RegisterWithRetryAsync(request, cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            registered ??= await RegisterInBackgroundAsync(request, cancellationToken);
            registered = await HeartbeatAsync(request, registered, cancellationToken);
        }
    }

    /// <summary>Sends <c>leave</c> when registered; failures are logged, never thrown (the service is stopping anyway).</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        if (state.State.Status != RegistrationStatus.Registered || _serviceId is not { } id)
        {
            return;
        }

        var result = await registry.LeaveAsync(id, cancellationToken);
        if (result.IsSuccess)
        {
            Log.Left(logger, id);
        }
        else
        {
            Log.LeaveFailed(logger, id, result.Reason);
        }
    }

    // The first registration: up to 6 attempts. Null when the service ends up standalone.
    private async Task<ServiceRecord?> RegisterWithRetryAsync(RegisterRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await RegisterOnceAsync(request, cancellationToken);
            if (result.IsSuccess)
            {
                return result.Value;
            }

            if (result.Outcome == PulseCallOutcome.Permanent)
            {
                GoStandalone(result.Reason!);
                Log.RegistrationRefused(logger, result.Reason!, options.CurrentValue.BackgroundRetryInterval);
                return null;
            }

            if (attempt == RegistrationSchedule.MaxAttempts)
            {
                GoStandalone(result.Reason!);
                Log.RegistrationGaveUp(logger, attempt, result.Reason!, options.CurrentValue.BackgroundRetryInterval);
                return null;
            }

            var wait = RegistrationSchedule.AttemptWaits[attempt - 1];
            Log.RegistrationAttemptFailed(logger, attempt, RegistrationSchedule.MaxAttempts, result.Reason!, wait);
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    // Standalone: one attempt every BackgroundRetryInterval until one succeeds.
    private async Task<ServiceRecord> RegisterInBackgroundAsync(RegisterRequest request, CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(options.CurrentValue.BackgroundRetryInterval, time, cancellationToken);
            var result = await RegisterOnceAsync(request, cancellationToken);
            if (result.IsSuccess)
            {
                Log.RegisteredAfterStandalone(logger, result.Value!.Id);
                return result.Value;
            }

            GoStandalone(result.Reason!);
            Log.BackgroundAttemptFailed(logger, result.Reason!);
        }
    }

    // Heartbeats until a permanent refusal; returns null then (the caller goes back to the background retry).
    private async Task<ServiceRecord?> HeartbeatAsync(RegisterRequest request, ServiceRecord record, CancellationToken cancellationToken)
    {
        var baseInterval = HeartbeatIntervalOf(record);
        var interval = baseInterval;
        var failures = 0;
        while (true)
        {
            await Task.Delay(interval, time, cancellationToken);
            var heartbeat = await registry.HeartbeatAsync(record.Id, cancellationToken);
            if (heartbeat.IsSuccess)
            {
                Recovered(ref failures);
                interval = baseInterval;
                continue;
            }

            if (heartbeat.Outcome == PulseCallOutcome.Permanent)
            {
                GoStandalone(heartbeat.Reason!);
                Log.HeartbeatRefused(logger, heartbeat.Reason!, options.CurrentValue.BackgroundRetryInterval);
                return null;
            }

            // A 404 is not a failed connection: the registry lost the registration, so re-register at once. A
            // transient failure counts, and from the 5th in a row on, each one re-registers too.
            var lost = heartbeat.Outcome == PulseCallOutcome.NotFound;
            if (lost)
            {
                Log.HeartbeatNotFound(logger, record.Id);
            }
            else
            {
                failures++;
            }

            var reason = heartbeat.Reason!;
            if (lost || failures >= RegistrationSchedule.ReregisterAfterFailures)
            {
                var reregistration = await RegisterOnceAsync(request, cancellationToken);
                if (reregistration.IsSuccess)
                {
                    Recovered(ref failures);
                    record = reregistration.Value!;
                    baseInterval = HeartbeatIntervalOf(record);
                    interval = baseInterval;
                    continue;
                }

                if (reregistration.Outcome == PulseCallOutcome.Permanent)
                {
                    GoStandalone(reregistration.Reason!);
                    Log.RegistrationRefused(logger, reregistration.Reason!, options.CurrentValue.BackgroundRetryInterval);
                    return null;
                }

                if (lost)
                {
                    failures++;
                }

                reason = reregistration.Reason!;
            }

            interval = RegistrationSchedule.Backoff(interval);
            if (failures == 1)
            {
                Log.HeartbeatFailed(logger, reason, interval);
            }
            else
            {
                Log.HeartbeatStillFailing(logger, failures, reason, interval);
            }
        }
    }

    private async Task<PulseResult<ServiceRecord>> RegisterOnceAsync(RegisterRequest request, CancellationToken cancellationToken)
    {
        var result = await registry.RegisterAsync(request with { Id = _serviceId }, cancellationToken);
        if (result.IsSuccess)
        {
            var record = result.Value!;
            if (_serviceId is not null && _serviceId != record.Id)
            {
                Log.IdChanged(logger, _serviceId, record.Id);
            }

            _serviceId = record.Id;
            state.Set(RegistrationState.Registered(record.Id));
            Log.Registered(logger, record.Id, request.Name, request.ApiUrl);
        }

        return result;
    }

    private void Recovered(ref int failures)
    {
        if (failures > 0)
        {
            Log.ConnectionRecovered(logger, failures);
        }

        failures = 0;
    }

    private void GoStandalone(string reason) => state.Set(RegistrationState.Standalone(reason));

    private TimeSpan HeartbeatIntervalOf(ServiceRecord record) =>
        options.CurrentValue.HeartbeatInterval
        ?? (record.HeartbeatIntervalSeconds is { } seconds && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : RegistrationSchedule.DefaultHeartbeatInterval);
}
