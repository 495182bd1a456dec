using Pulse.Hosting.ApplicationModel;
using Pulse.Hosting.Orchestration;

namespace Pulse.Hosting;

/// <summary>What changes when a resource is restarted (fault tests): its port, or its environment.</summary>
public sealed class ResourceChange
{
    /// <summary>A new port for the resource's endpoint; 0 picks a free one.</summary>
    public int? Port { get; set; }

    /// <summary>Environment variables to set (or replace) on a project.</summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>();

    internal void ApplyTo(ExecutableResource resource)
    {
        if (Port is { } port)
        {
            resource.Endpoint.Port = port == 0 ? PortAllocator.FreePort() : port;
        }

        if (Environment.Count == 0)
        {
            return;
        }

        if (resource is not ProjectResource project)
        {
            throw new InvalidOperationException($"'{resource.Name}' is not a project: only projects take environment variables.");
        }

        foreach (var (key, value) in Environment)
        {
            project.Environment[key] = EnvironmentValue.Of(value);
        }
    }
}
