namespace Pulse.Client.Relay;

/// <summary>The relay runner's pause between failed calls: 1 s doubling to 30 s (by default), reset on success.</summary>
internal sealed class RelayBackoff(PulseRelayOptions options)
{
    private TimeSpan _next = options.InitialBackoff;
    private int _failures;

    /// <summary>The pause before the next attempt; the one after it is twice as long, up to the maximum.</summary>
    public TimeSpan Next()
    {
        var wait = _next;
        _failures++;
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, options.MaxBackoff.Ticks));
        return wait;
    }

    /// <summary>Starts over after a success; returns how many failures came before it.</summary>
    public int Reset()
    {
        var failures = _failures;
        _failures = 0;
        _next = options.InitialBackoff;
        return failures;
    }
}
