namespace Pulse.Hosting.LocalServers;

/// <summary>Finds the machine's PostgreSQL and Redis executables.</summary>
internal static class ServerBinaries
{
    private const string DebianPostgresRoot = "/usr/lib/postgresql";

    /// <summary>The folder holding <c>initdb</c> and <c>postgres</c>: the configured one, else PATH, else Debian's newest.</summary>
    public static string PostgresBinDirectory(string? configured)
    {
        var candidates = configured is { Length: > 0 } ? [configured] : PathFolders().Concat(DebianPostgresFolders());
        return candidates.FirstOrDefault(folder =>
                File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "postgres")))
            ?? throw new InvalidOperationException(
                "PostgreSQL not found (initdb and postgres, on PATH or under /usr/lib/postgresql/<version>/bin) — " +
                "apt-get install postgresql, set AppHost:PostgresBinDir, or run with a container engine.");
    }

    /// <summary>The path of <c>redis-server</c> on PATH.</summary>
    public static string RedisServer() =>
        Find("redis-server") ?? throw new InvalidOperationException(
            "redis-server not found — apt-get install redis-server, or run with a container engine.");

    /// <summary>The path of <paramref name="tool"/> on PATH, or null.</summary>
    public static string? Find(string tool) =>
        PathFolders().Select(folder => Path.Combine(folder, tool)).FirstOrDefault(File.Exists);

    private static IEnumerable<string> PathFolders() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);

    private static IEnumerable<string> DebianPostgresFolders() =>
        Directory.Exists(DebianPostgresRoot)
            ? Directory.GetDirectories(DebianPostgresRoot)
                .OrderByDescending(folder => int.TryParse(Path.GetFileName(folder), out var version) ? version : 0)
                .Select(folder => Path.Combine(folder, "bin"))
            : [];
}
