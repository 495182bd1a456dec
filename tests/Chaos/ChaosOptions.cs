using Pulse.ServiceDefaults;

namespace Pulse.Chaos;

/// <summary>How long a chaos run injects faults, from which seed, and how long it then lets the stack settle.</summary>
internal sealed record ChaosOptions
{
    public required TimeSpan Duration { get; init; }

    public required int Seed { get; init; }

    /// <summary>The longest the run waits, after the last fault, for pending grabs, messages and services to settle.</summary>
    public TimeSpan SettleTimeout { get; init; } = TimeSpan.FromMinutes(4);

    /// <summary>
    /// <c>poll</c> (the default): Haul behind the relay, every grab and message through it; <c>push</c>: Pilot sends
    /// grabs to Haul directly, and no relay messages are sent.
    /// </summary>
    public string HaulDeliveryMode { get; init; } = "poll";

    public bool Relayed => HaulDeliveryMode == "poll";

    public int SyntheticServices { get; init; } = 5;

    /// <summary>The registry's heartbeat interval for the run (its lease is three of them).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan GrabInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MessageInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>At most this many grabs: Pilot lists up to 1000, and every grab is checked against its list.</summary>
    public int MaxGrabs { get; init; } = 950;

    /// <summary>The command that reproduces the run's faults.</summary>
    public string ReproduceCommand =>
        $"dotnet run -c Release --project bench/Pulse.Chaos -- --minutes {Duration.TotalMinutes:0.##} --seed {Seed}"
        + (Relayed ? "" : $" --haul-delivery {HaulDeliveryMode}");
}

/// <summary>The keys a chaos run knows, and the graph settings it runs with (Haul in poll mode, short intervals).</summary>
internal sealed record ChaosSetup(string PulseKey, string PilotKey, string PrismKey)
{
    public static ChaosSetup Create() => new(Key("pulse"), Key("pilot"), Key("prism"));

    /// <summary>AppHost arguments: Haul's delivery mode (behind the relay by default, so every grab goes through it).</summary>
    public static IReadOnlyList<string> Args(ChaosOptions options) => [$"--AppHost:HaulDeliveryMode={options.HaulDeliveryMode}"];

    /// <summary>Each project's environment: known consumer keys, short heartbeats, leases and sweeps.</summary>
    public Dictionary<string, Dictionary<string, string>> Environment(ChaosOptions options) => new()
    {
        [PulseResources.Registry] = new()
        {
            ["Registry__HeartbeatInterval"] = options.HeartbeatInterval.ToString("c"),
            ["Registry__SweepInterval"] = "00:00:01",
            ["Relay__LeaseDuration"] = "00:00:10",
        },
        [PulseResources.Pilot] = new() { ["Pilot__ApiKey"] = PilotKey },
        [PulseResources.Prism] = new() { ["Pilot__ApiKey"] = PrismKey },
    };

    private static string Key(string who) => $"chaos-{who}-{Guid.NewGuid():N}";
}
