using System.ComponentModel.DataAnnotations;

namespace Pilot.Sample;

/// <summary>Pilot's settings, bound from the <c>Pilot</c> section and validated at start.</summary>
internal sealed class PilotOptions
{
    public const string Section = "Pilot";

    /// <summary>The name this consumer registers under and names its sign-in cookie after (<c>pilot</c>, <c>prism</c>).</summary>
    [Required, RegularExpression("^[a-z0-9-]{1,50}$", ErrorMessage = "Pilot:Name must be 1 to 50 lowercase letters, digits or dashes.")]
    public string Name { get; set; } = "pilot";

    /// <summary>The consumer's own key; generated and kept at <c>&lt;DataDir&gt;/api-key</c> when not configured.</summary>
    [MaxLength(256)]
    public string? ApiKey { get; set; }

    /// <summary>Where the generated key and the sign-in keys are kept.</summary>
    [Required]
    public string DataDir { get; set; } = Path.Combine(AppContext.BaseDirectory, "data");

    /// <summary>How the download clients follow the registry.</summary>
    public SyncLevel SyncLevel { get; set; } = SyncLevel.FullSync;

    /// <summary>What this consumer manages: <c>tv</c> or <c>movies</c>.</summary>
    [Required, RegularExpression("^(tv|movies)$", ErrorMessage = "Pilot:Content must be 'tv' or 'movies'.")]
    public string Content { get; set; } = "tv";
}

/// <summary>How a consumer's download clients follow the registry, as in Prowlarr.</summary>
internal enum SyncLevel
{
    /// <summary>Nothing is synced.</summary>
    Disabled,

    /// <summary>Entries are added and removed, never overwritten.</summary>
    AddOnly,

    /// <summary>Entries are added, removed and updated (the registry-owned fields only).</summary>
    FullSync,
}
