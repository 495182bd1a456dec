using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Pulse.Client.Tests;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that reports each timer the code under test creates (each <c>Task.Delay</c>), so a
/// test advances time exactly when the code waits, by exactly what it waits.
/// </summary>
internal sealed class RecordingTimeProvider : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public RecordingTimeProvider() : base(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // Created before it is reported: a test that advances the clock as soon as it hears of the timer must find it
        // scheduled, or the advance passes it by and it never fires.
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _timers.Writer.TryWrite(dueTime);
        }

        return timer;
    }

    /// <summary>The due time of the next timer created, within a bounded real-time wait (generous: the machine is shared and the whole suite runs in parallel).</summary>
    public async Task<TimeSpan> NextWaitAsync() =>
        await _timers.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Waits for the next timer and lets it fire; returns its due time.</summary>
    public async Task<TimeSpan> ElapseNextWaitAsync()
    {
        var wait = await NextWaitAsync();
        Advance(wait);
        return wait;
    }

    /// <summary>True when no timer was created since the last one read (the code is not waiting on a new one).</summary>
    public bool NoNewWait => !_timers.Reader.TryPeek(out _);
}
