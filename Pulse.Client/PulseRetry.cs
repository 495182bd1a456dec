using Polly;
using Polly.Retry;

namespace Pulse.Client;

/// <summary>The SDK's retry schedules: Polly retry pipelines on the SDK's <see cref="TimeProvider"/>, never jittered.</summary>
internal static class PulseRetry
{
    /// <summary>
    /// Tries a call again on <paramref name="schedule"/> while <paramref name="retry"/> holds for its result (never after
    /// an exception); <paramref name="failed"/> hears of each such failure, with the failures so far and the next wait.
    /// </summary>
    public static ResiliencePipeline<T> Build<T>(
        TimeProvider time, RetryStrategyOptions<T> schedule, Func<T, bool> retry, Action<T, int, TimeSpan>? failed = null)
    {
        schedule.ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is null && retry(args.Outcome.Result!));
        schedule.OnRetry = args =>
        {
            failed?.Invoke(args.Outcome.Result!, args.AttemptNumber + 1, args.RetryDelay);
            return ValueTask.CompletedTask;
        };
        return new ResiliencePipelineBuilder<T> { TimeProvider = time }.AddRetry(schedule).Build();
    }

    /// <summary>Without end: after <paramref name="first"/>, doubling up to <paramref name="max"/> (each at most a day).</summary>
    public static RetryStrategyOptions<T> Doubling<T>(TimeSpan first, TimeSpan max) => new()
    {
        MaxRetryAttempts = int.MaxValue,
        BackoffType = DelayBackoffType.Exponential,
        Delay = first,
        MaxDelay = max,
    };
}
