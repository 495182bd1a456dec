using System.Globalization;

namespace Pulse.AppHost.Tests;

/// <summary>The processes of one AppHost run, found precisely: nothing of another run, nothing someone else started.</summary>
internal static class RunProcessTree
{
    /// <summary>
    /// The AppHost and everything below it, and DCP, which the AppHost starts detached (so not as its child: a
    /// sibling) and which watches the AppHost (<c>dcp start-apiserver --monitor &lt;AppHost pid&gt;</c>), with
    /// everything below DCP: the dashboard, PostgreSQL, Redis and the projects.
    /// </summary>
    public static IReadOnlyList<LinuxProcess> Of(int appHostPid)
    {
        var all = LinuxProcess.All();
        var roots = all.Where(process => process.Pid == appHostPid || (process.Program == "dcp" && Monitors(process, appHostPid)));
        return LinuxProcess.TreesOf(all, roots);
    }

    private static bool Monitors(LinuxProcess process, int pid)
    {
        var monitor = process.CommandLine.ToList().IndexOf("--monitor");
        return monitor >= 0 && monitor + 1 < process.CommandLine.Count
            && process.CommandLine[monitor + 1] == pid.ToString(CultureInfo.InvariantCulture);
    }
}
