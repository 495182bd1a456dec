namespace Pulse.Hosting.Dashboard.Api;

/// <summary>One environment variable of a resource; a secret's value is masked.</summary>
internal sealed record EnvironmentVariableView(string Name, string Value, bool Secret);
