using Polly;
using Polly.Retry;

namespace Pulse.Client.Registration;

/// <summary>
/// Registration and heartbeats as one loop: up to 6 attempts (waits 2, 4, 8, 16, 32 s), standalone with a
/// background retry, then heartbeats with ×1.5 backoff, re-registration on <c>404</c> and after 5 failures. Every wait
/// goes through <see cref="TimeProvider"/>; the registration's are Polly retry pipelines.
/// </summary>
internal sealed class RegistrationLoop(
    PulseRegistryClient registry,
    IOptionsMonitor<PulseRegistrationOptions> options,
    RegistrationStateHolder state,
    TimeProvider time,
    ILogger<RegistrationLoop> logger)
{
    private const int MaxAttempts = 6;
    private const int ReregisterAfterFailures = 5;
    private static readonly TimeSpan MaxHeartbeatInterval = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan DefaultHeartbeatInterval = TimeSpan.FromSeconds(30);

    // The first registration: 6 attempts, 2, 4, 8, 16 and 32 s apart; a permanent refusal is not tried again.
    private readonly ResiliencePipeline<PulseResult<ServiceRecord>> _attempts = PulseRetry.Build(time,
        new RetryStrategyOptions<PulseResult<ServiceRecord>>
        {
            MaxRetryAttempts = MaxAttempts - 1,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromSeconds(2),
        },
        result => result is { IsSuccess: false, Outcome: not PulseCallOutcome.Permanent },
        (result, failures, wait) => Log.RegistrationAttemptFailed(logger, failures, MaxAttempts, result.Reason!, wait));

    // Standalone: one attempt every BackgroundRetryInterval (read at each wait) until one succeeds, whatever the failure.
    private readonly ResiliencePipeline<PulseResult<ServiceRecord>> _background = PulseRetry.Build(time,
        new RetryStrategyOptions<PulseResult<ServiceRecord>>
        {
            MaxRetryAttempts = int.MaxValue,
            DelayGenerator = _ => ValueTask.FromResult<TimeSpan?>(options.CurrentValue.BackgroundRetryInterval),
        },
        result => !result.IsSuccess,
        (result, _, _) =>
        {
            state.Set(RegistrationState.Standalone(result.Reason!));
            Log.BackgroundAttemptFailed(logger, result.Reason!);
        });

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

    // The first registration. Null when the service ends up standalone.
    private async Task<ServiceRecord?> RegisterWithRetryAsync(RegisterRequest request, CancellationToken cancellationToken)
    {
        var result = await _attempts.ExecuteAsync(token => RegisterOnceAsync(request, token), cancellationToken);
        if (result.IsSuccess)
        {
            return result.Value;
        }

        if (result.Outcome == PulseCallOutcome.Permanent)
        {
            Refused(result);
        }
        else
        {
            GoStandalone(result.Reason!);
            Log.RegistrationGaveUp(logger, MaxAttempts, result.Reason!, options.CurrentValue.BackgroundRetryInterval);
        }

        return null;
    }

    private async Task<ServiceRecord> RegisterInBackgroundAsync(RegisterRequest request, CancellationToken cancellationToken)
    {
        // The attempt that sent the service here was the last one: the background retry starts with a wait.
        await Task.Delay(options.CurrentValue.BackgroundRetryInterval, time, cancellationToken);
        var result = await _background.ExecuteAsync(token => RegisterOnceAsync(request, token), cancellationToken);
        Log.RegisteredAfterStandalone(logger, result.Value!.Id);
        return result.Value;
    }

    // Heartbeats until a permanent refusal; returns null then (the caller goes back to the background retry). This one
    // stays a loop, not a Polly retry: it never ends on success (a success only resets the interval), a 404
    // re-registers without counting as a failure, and the count of failures decides when to re-register, so a retry
    // pipeline would need that count shared between its callback and this loop. The schedule is one line: each
    // failure in a row multiplies the interval by 1.5, up to 5 minutes.
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
            if (lost || failures >= ReregisterAfterFailures)
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
                    Refused(reregistration);
                    return null;
                }

                if (lost)
                {
                    failures++;
                }

                reason = reregistration.Reason!;
            }

            interval = TimeSpan.FromTicks(Math.Min((long)(interval.Ticks * 1.5), MaxHeartbeatInterval.Ticks));
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

    private async ValueTask<PulseResult<ServiceRecord>> RegisterOnceAsync(RegisterRequest request, CancellationToken cancellationToken)
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

    private void Refused(PulseResult<ServiceRecord> result)
    {
        GoStandalone(result.Reason!);
        Log.RegistrationRefused(logger, result.Reason!, options.CurrentValue.BackgroundRetryInterval);
    }

    private void GoStandalone(string reason) => state.Set(RegistrationState.Standalone(reason));

    private TimeSpan HeartbeatIntervalOf(ServiceRecord record) =>
        options.CurrentValue.HeartbeatInterval
        ?? (record.HeartbeatIntervalSeconds is { } seconds && seconds > 0 ? TimeSpan.FromSeconds(seconds) : DefaultHeartbeatInterval);
}
