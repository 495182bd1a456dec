namespace Pulse.Hosting.Orchestration;

/// <summary>A resource could not start; the message names the cause and the fix.</summary>
public sealed class ResourceStartException(string message) : Exception(message);
