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

/// <summary>One environment variable of a resource; a secret's value is masked.</summary>
internal sealed record EnvironmentVariableView(string Name, string Value, bool Secret);

/// <summary>One line of a resource's console output.</summary>
internal sealed record ConsoleLineView(DateTime Timestamp, string Stream, string Text);

/// <summary>The antiforgery token the page sends with its state-changing calls.</summary>
internal sealed record AntiforgeryTokenView(string RequestToken, string HeaderName);
