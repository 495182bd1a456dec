namespace Pulse.Registry;

/// <summary>The registry's settings, bound from <c>Registry:*</c> and validated at start.</summary>
internal sealed class RegistryOptions
{
    public const string Section = "Registry";

    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    [Range(1, 100)]
    public int LeaseIntervals { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Services offline for this long are removed by the sweep, as <c>DELETE</c> removes them.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00",
        ErrorMessage = "Registry:RemoveOfflineAfter must be between 1 minute and 3,650 days.")]
    public TimeSpan RemoveOfflineAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The feed keeps at least this many of the latest events, however old.</summary>
    [Range(1, 10_000_000, ErrorMessage = "Registry:EventRetention must be between 1 and 10,000,000.")]
    public int EventRetention { get; set; } = 10_000;

    /// <summary>
    /// The feed also keeps every event younger than this, however many: a burst (one sweep expiring thousands of
    /// services) cannot push out a consumer that was up to date before it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00",
        ErrorMessage = "Registry:EventRetentionPeriod must be between 1 second and 30 days.")]
    public TimeSpan EventRetentionPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How often batched heartbeat renewals are written to PostgreSQL: at most 1 s, as they must reach it within a second.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:01")]
    public TimeSpan HeartbeatFlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the change index is read back from PostgreSQL, to see other instances' changes without Redis.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan IndexPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The Redis stream the event feed is fanned out through.</summary>
    [Required, MinLength(1)]
    public string EventStream { get; set; } = "pulse:registry:events";

    /// <summary>
    /// This instance's name among the registry's replicas: its consumer group on the event stream, and its start-up
    /// log line. Defaults to OpenTelemetry's <c>service.instance.id</c> (which Aspire gives each replica, and which its
    /// logs and traces carry), else the machine name (a pod's name on Kubernetes). See <see cref="RegistryInstance"/>.
    /// </summary>
    [MaxLength(200)]
    public string? InstanceName { get; set; }

    /// <summary>
    /// An instance not seen for this long is gone (a replica stopped for good, or the name of an earlier run): the live
    /// instances delete its consumer group on the event stream. Each instance shows it is alive four times this often.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:02", "7.00:00:00",
        ErrorMessage = "Registry:InstanceGoneAfter must be between 2 seconds and 7 days.")]
    public TimeSpan InstanceGoneAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How often the principals' change counter is read, so a key added or retired through another instance holds
    /// here within a second.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:01")]
    public TimeSpan PrincipalPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Maps <c>GET /api/v1/noop</c> (authenticated, does nothing): the benchmark's baseline. Off by default.</summary>
    public bool BenchmarkNoOp { get; set; }

    public TimeSpan LeasePeriod => HeartbeatInterval * LeaseIntervals;
}
