namespace Pulse.Hosting.ApplicationModel;

/// <summary>
/// An environment variable's value, resolved when the resource starts (ports and parameters are known only
/// then), and whether it is a secret that the host and dashboard never show.
/// </summary>
public sealed record EnvironmentValue(Func<string> Resolve, bool IsSecret)
{
    /// <summary>A plain, non-secret value.</summary>
    public static EnvironmentValue Of(string value) => new(() => value, IsSecret: false);
}
