using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Pulse.Testing;

namespace Pulse.Registry.Bench;

/// <summary>The process of a running resource of the graph, for reading its CPU time and memory from <c>/proc</c>.</summary>
internal static class ProcessIds
{
    // The snapshot property in which Aspire publishes an executable's (or a project's) process id.
    private const string PidProperty = "executable.pid";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The resource's own process, the one Aspire's orchestrator started: for a project, its built program (the AppHost
    /// starts projects that way, not through <c>dotnet run</c>).
    /// </summary>
    public static async Task<int> OfAsync(PulseGraph graph, string resource, CancellationToken ct)
    {
        var running = await graph.App.ResourceNotifications
            .WaitForResourceAsync(resource, e => Pid(e.Snapshot) is not null, ct)
            .WaitAsync(Timeout, ct);
        return Pid(running.Snapshot)!.Value;
    }

    private static int? Pid(CustomResourceSnapshot snapshot) =>
        snapshot.Properties.FirstOrDefault(p => p.Name == PidProperty)?.Value is { } value
            ? Convert.ToInt32(value, CultureInfo.InvariantCulture)
            : null;
}
