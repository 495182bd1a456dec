namespace Pulse.Hosting.Orchestration;

/// <summary>What to run for a resource: a program, its arguments, its folder, its environment and OS user.</summary>
internal sealed record LaunchSpec(
    string FileName,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    string? RunAsUser = null);
