namespace Pulse.Registry.Relay;

/// <summary>The relay's settings, bound from <c>Relay:*</c> and validated at start.</summary>
internal sealed class RelayOptions
{
    public const string Section = "Relay";

    /// <summary>How long a claim holds a message before the recovery sweep makes it claimable again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00", ErrorMessage = "Relay:LeaseDuration must be between 100 ms and 1 day.")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many claims a message gets before a retry or an expired lease fails it for good.</summary>
    [Range(1, 1000, ErrorMessage = "Relay:MaxAttempts must be between 1 and 1000.")]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// How many deliveries the log keeps per service. Older ones are trimmed by the sweep (a cursor before them is
    /// <c>410</c>), except that the latest delivery of a message still pending or claimed is always kept.
    /// </summary>
    [Range(1, 10_000_000, ErrorMessage = "Relay:DeliveryRetention must be between 1 and 10,000,000.")]
    public int DeliveryRetention { get; set; } = 10_000;

    /// <summary>
    /// How many messages a service may have waiting (pending or claimed) at once. A message beyond it is <c>429</c>
    /// until one finishes.
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "Relay:MaxPendingMessages must be between 1 and 1,000,000.")]
    public int MaxPendingMessages { get; set; } = 1_000;

    /// <summary>
    /// How many payload bytes a service's waiting messages may hold together. At least one message of the largest size
    /// the route takes (16 MiB), so a message that fits the route always fits an empty quota.
    /// </summary>
    [Range(RelayApi.MessageBodyBytes, long.MaxValue, ErrorMessage = "Relay:MaxPendingBytes must be at least 16 MiB (16777216).")]
    public long MaxPendingBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>How long a finished (completed or failed) message stays readable before the sweep deletes it and its deliveries.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00", ErrorMessage = "Relay:FinishedRetention must be between 1 second and 3,650 days.")]
    public TimeSpan FinishedRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// While PostgreSQL notifications are not being received (the listening connection broke), how often a waiting
    /// tail reads the log again, to see deliveries appended through another registry instance.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00", ErrorMessage = "Relay:RecheckInterval must be between 10 ms and 1 minute.")]
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromSeconds(1);
}
