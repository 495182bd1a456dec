namespace Pulse.Client.Relay;

/// <summary>How the relay runner tails the registry, bound from <c>Pulse:Relay</c>.</summary>
public sealed class PulseRelayOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string Section = "Pulse:Relay";

    /// <summary>The folder of the runner's cursor file (for example <c>&lt;DataDir&gt;/cursors</c>). Required.</summary>
    public string? CursorFolder { get; set; }

    /// <summary>How long one long poll of the delivery log waits for new deliveries. Default: 30 seconds.</summary>
    public TimeSpan Wait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first pause after a failed call; it doubles up to <see cref="MaxBackoff"/> and resets on success.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest pause between attempts (at most a day). Default: 30 seconds.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);
}
