namespace Pulse.AppHost;

/// <summary>How the AppHost's launcher scripts are written: the orchestrator's (<see cref="OrchestratorCertificate"/>) and the one of built projects (<see cref="BuiltProjectStart"/>).</summary>
internal static class LauncherScript
{
    /// <summary>
    /// The shell of the launchers. Not <c>/bin/sh</c>: dash (Debian's) drops every environment variable whose name is
    /// not a shell identifier when it execs a program, and Aspire's and users' names may hold a hyphen or a dot
    /// (<c>Registry__Principals__bench-1__Key</c>, <c>ConnectionStrings__my-db</c>). Without bash, the launchers stand aside.
    /// </summary>
    public const string Shell = "/bin/bash";

    /// <summary>A launcher's mode: owner read, write and execute (<c>0700</c>).</summary>
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary><paramref name="value"/> as one single-quoted shell word.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
