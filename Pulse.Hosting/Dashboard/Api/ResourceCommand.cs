namespace Pulse.Hosting.Dashboard.Api;

/// <summary>What the dashboard can do to one resource.</summary>
internal enum ResourceCommand
{
    Stop,
    Start,
    Restart,
}
