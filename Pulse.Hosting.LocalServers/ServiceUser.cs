using System.Diagnostics;

namespace Pulse.Hosting.LocalServers;

/// <summary>
/// Running a server as its own OS user when the AppHost is root (PostgreSQL refuses to run as root). <c>setpriv</c>
/// changes user and then execs the server, so the orchestrator's stop signal reaches the server itself
/// (<c>runuser</c> forks, and the orchestrator would then signal only runuser).
/// </summary>
internal static class ServiceUser
{
    public const UnixFileMode Traversable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The OS user to run as, or null when the AppHost is not root (the server then runs as the AppHost's user).</summary>
    public static string? WhenRoot(string user) => Environment.IsPrivilegedProcess ? user : null;

    /// <summary>The command and leading arguments that run <paramref name="executable"/> as <paramref name="user"/>.</summary>
    public static (string Command, string[] Arguments) Exec(string? user, string executable) =>
        user is null
            ? (executable, [])
            : ("setpriv", [$"--reuid={user}", $"--regid={user}", "--init-groups", "--", executable]);

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
                throw new InvalidOperationException(
                    $"The '{user}' OS user cannot reach '{folder}': '{parent.FullName}' is not traversable by others. " +
                    "Choose a data folder it can reach, for example --AppHost:DataDir=/var/lib/pulse.");
            }
        }
    }

    /// <summary>Runs a set-up tool (initdb, chown) to completion, as <paramref name="user"/> when given.</summary>
    /// <exception cref="InvalidOperationException">The tool failed; the message holds its last output lines.</exception>
    public static async Task RunAsync(string? user, string executable, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var (command, prefix) = Exec(user, executable);
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in prefix.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ToolTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            var lines = (await output + await errors).Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(20);
            throw new InvalidOperationException(
                $"{Path.GetFileName(executable)} failed with exit code {process.ExitCode}:{Environment.NewLine}  " +
                string.Join(Environment.NewLine + "  ", lines));
        }
    }
}
