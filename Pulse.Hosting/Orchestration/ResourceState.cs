namespace Pulse.Hosting.Orchestration;

/// <summary>Where a resource is in its life, as the dashboard and tests see it.</summary>
public enum ResourceState
{
    /// <summary>Not started: held back at start, or stopped.</summary>
    NotStarted,

    /// <summary>Waiting for the resources it waits for.</summary>
    Waiting,

    /// <summary>Started, not ready yet.</summary>
    Starting,

    /// <summary>Ready: it answered its readiness probe.</summary>
    Running,

    /// <summary>Being stopped.</summary>
    Stopping,

    /// <summary>Exited on its own after it was running.</summary>
    Exited,

    /// <summary>Could not start; see the resource's error.</summary>
    FailedToStart,
}
