using System.ComponentModel.DataAnnotations;

namespace Pulse.Registry;

/// <summary>The registry's settings, bound from <c>Registry:*</c> and validated at start.</summary>
internal sealed class RegistryOptions : IValidatableObject
{
    public const string Section = "Registry";

    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    [Range(1, 100)]
    public int LeaseIntervals { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Offline services are removed after this long; <c>null</c> (the default) keeps them.</summary>
    public TimeSpan? RemoveOfflineAfter { get; set; }

    [Range(1, 10_000_000)]
    public int EventRetention { get; set; } = 10_000;

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

    /// <summary>This instance's name in the stream's consumer groups; defaults to the machine name.</summary>
    public string? InstanceName { get; set; }

    public string? DataDir { get; set; }

    /// <summary>Maps <c>GET /api/v1/noop</c> (authenticated, does nothing): the benchmark's baseline. Off by default.</summary>
    public bool BenchmarkNoOp { get; set; }

    public TimeSpan LeasePeriod => HeartbeatInterval * LeaseIntervals;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RemoveOfflineAfter is { } after && after < TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult(
                "Registry:RemoveOfflineAfter must be at least 1 minute (or unset to keep offline services).",
                [nameof(RemoveOfflineAfter)]);
        }
    }
}
