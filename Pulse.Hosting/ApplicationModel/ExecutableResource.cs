using Pulse.Hosting.Orchestration;

namespace Pulse.Hosting.ApplicationModel;

/// <summary>
/// A resource the host runs as a local process (or, when it points at an existing server, only probes):
/// PostgreSQL, Redis or a project.
/// </summary>
public abstract class ExecutableResource(string name, ResourceEndpoint endpoint) : Resource(name)
{
    /// <summary>The resource's endpoint.</summary>
    public ResourceEndpoint Endpoint { get; } = endpoint;

    /// <summary>Whether the resource is an existing server the host does not start.</summary>
    public virtual bool IsExternal => false;

    /// <summary>Prepares the data folder and returns what to launch.</summary>
    internal abstract Task<LaunchSpec> PrepareAsync(HostContext context, CancellationToken cancellationToken);

    /// <summary>One readiness probe: <c>true</c> once the resource serves (and anything it sets up is done).</summary>
    internal abstract Task<bool> ProbeAsync(HostContext context, CancellationToken cancellationToken);

    /// <summary>Asks the process to stop gracefully.</summary>
    internal virtual void RequestStop(ManagedProcess process, HostContext context) => process.Signal(Signals.SIGTERM);
}
