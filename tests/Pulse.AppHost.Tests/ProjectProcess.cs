namespace Pulse.AppHost.Tests;

/// <summary>The running process of a project in the graph, to read what it really received.</summary>
internal static class ProjectProcess
{
    /// <summary>
    /// The project's own program: the process in its resource snapshot, or its child where Aspire starts the project
    /// as <c>dotnet run --no-build</c> (<c>AppHost:ProjectStart=dotnet-run</c>).
    /// </summary>
    public static LinuxProcess Of(PulseGraph graph, string resource)
    {
        var tree = graph.ProcessesOf(resource);
        var leaves = tree.Where(process => !tree.Any(child => child.ParentPid == process.Pid)).ToList();
        return Assert.Single(leaves);
    }
}
