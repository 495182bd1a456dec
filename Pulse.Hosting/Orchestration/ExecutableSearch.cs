namespace Pulse.Hosting.Orchestration;

/// <summary>Looks programs up on PATH.</summary>
internal static class ExecutableSearch
{
    public static IEnumerable<string> PathFolders() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);

    public static string? Find(string program) =>
        PathFolders().Select(folder => Path.Combine(folder, program)).FirstOrDefault(File.Exists);
}
