namespace Pulse.Hosting.Orchestration;

/// <summary>Folder permissions for a service that runs as another OS user.</summary>
internal static class FolderAccess
{
    public const UnixFileMode Traversable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>
    /// Fails, naming the fix, when <paramref name="user"/> could not reach <paramref name="folder"/> because one of its
    /// parents lets others neither in (a root-owned 0700 home or temp folder, for example).
    /// </summary>
    public static void EnsureTraversable(string folder, string user)
    {
        for (var parent = Directory.GetParent(Path.GetFullPath(folder)); parent is not null; parent = parent.Parent)
        {
            if (parent.Exists && (parent.UnixFileMode & UnixFileMode.OtherExecute) == 0)
            {
                throw new ResourceStartException(
                    $"The '{user}' OS user cannot reach '{folder}': '{parent.FullName}' is not traversable by others. " +
                    "Choose a data folder it can reach, for example --AppHost:DataDir=/var/lib/pulse.");
            }
        }
    }

    public static Task ChownAsync(string user, TimeProvider time, CancellationToken cancellationToken, params string[] paths) =>
        ToolRunner.RunAsync(
            new LaunchSpec("chown", ["-R", $"{user}:", .. paths], "/", new Dictionary<string, string>()),
            "chown",
            time,
            cancellationToken);
}
