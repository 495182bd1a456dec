namespace Pulse.Hosting.Orchestration;

/// <summary>Finds PostgreSQL's <c>initdb</c> and <c>postgres</c>.</summary>
internal static class PostgresBinaries
{
    private const string DebianRoot = "/usr/lib/postgresql";

    public static string Find(string? configured)
    {
        var candidates = configured is not null
            ? [configured]
            : ExecutableSearch.PathFolders().Concat(DebianVersionFolders());

        return candidates.FirstOrDefault(folder =>
                File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "postgres")))
            ?? throw new ResourceStartException(
                "PostgreSQL not found (initdb and postgres, on PATH or under /usr/lib/postgresql/<version>/bin) — " +
                "apt-get install postgresql, set AppHost:PostgresBinDir, or set ConnectionStrings:postgres to use an existing server.");
    }

    private static IEnumerable<string> DebianVersionFolders() =>
        Directory.Exists(DebianRoot)
            ? Directory.GetDirectories(DebianRoot)
                .OrderByDescending(folder => int.TryParse(Path.GetFileName(folder), out var version) ? version : 0)
                .Select(folder => Path.Combine(folder, "bin"))
            : [];
}
