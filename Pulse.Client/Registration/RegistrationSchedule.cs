namespace Pulse.Client.Registration;

/// <summary>The SDK's fixed timing rules: the registration retry waits and the heartbeat backoff.</summary>
internal static class RegistrationSchedule
{
    /// <summary>The waits between the 6 registration attempts.</summary>
    public static readonly IReadOnlyList<TimeSpan> AttemptWaits =
        [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(16), TimeSpan.FromSeconds(32)];

    /// <summary>The number of registration attempts before the service runs standalone.</summary>
    public static int MaxAttempts => AttemptWaits.Count + 1;

    /// <summary>Consecutive heartbeat failures after which the service re-registers (and on every later failure).</summary>
    public const int ReregisterAfterFailures = 5;

    /// <summary>The heartbeat interval never grows beyond this.</summary>
    public static readonly TimeSpan MaxHeartbeatInterval = TimeSpan.FromMinutes(5);

    /// <summary>Used when the registry sends no usable <c>heartbeat_interval_seconds</c>.</summary>
    public static readonly TimeSpan DefaultHeartbeatInterval = TimeSpan.FromSeconds(30);

    /// <summary>The interval after one more consecutive failure: ×1.5, capped at 5 minutes.</summary>
    public static TimeSpan Backoff(TimeSpan interval) =>
        TimeSpan.FromTicks(Math.Min((long)(interval.Ticks * 1.5), MaxHeartbeatInterval.Ticks));
}
