namespace Pulse.Hosting.Dashboard.Api;

/// <summary>One resource in <c>GET /api/resources</c>.</summary>
internal sealed record ResourceView(
    string Name,
    string Kind,
    string State,
    string? Health,
    IReadOnlyList<string> Endpoints,
    IReadOnlyList<EnvironmentVariableView> Environment,
    int? Pid,
    string? Error);
