using System.Collections.Concurrent;
using Pulse.Hosting.ApplicationModel;
using Pulse.Hosting.Orchestration;

namespace Pulse.Hosting.Dashboard.Api;

/// <summary>The graph's resources as the dashboard shows them: state, health, endpoints, environment with secrets masked.</summary>
internal sealed class ResourceCatalog(DistributedApplication app, TimeProvider time)
{
    public const string Masked = "********";

    // Every open page polls the resources; one probe per resource every two seconds is enough for all of them
    // (PostgreSQL's probe opens a connection).
    private static readonly TimeSpan HealthTtl = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, int? Pid, bool Healthy)> _health = new(StringComparer.Ordinal);

    // Defence in depth: a variable whose name says it is a secret is masked even if the graph did not mark it so.
    private static readonly string[] SecretNameParts = ["PASSWORD", "SECRET", "TOKEN", "APIKEY", "API_KEY", "HEADERS", "CONNECTIONSTRINGS__"];

    public ResourceRunner? Find(string name) =>
        app.Runners.FirstOrDefault(runner => string.Equals(runner.Resource.Name, name, StringComparison.Ordinal));

    public async Task<List<ResourceView>> ListAsync(CancellationToken cancellationToken) =>
        [.. await Task.WhenAll(app.Runners.Select(runner => ViewAsync(runner, cancellationToken)))];

    public async Task<ResourceView> ViewAsync(ResourceRunner runner, CancellationToken cancellationToken)
    {
        var resource = runner.Resource;
        var state = runner.State;
        string? health = state == ResourceState.Running
            ? await IsHealthyAsync(runner, cancellationToken) ? "Healthy" : "Unhealthy"
            : null;
        return new ResourceView(
            resource.Name,
            resource.Kind,
            state.ToString(),
            health,
            resource.IsExternal ? [] : [resource.Endpoint.Url.ToString().TrimEnd('/')],
            Environment(resource),
            runner.Pid,
            runner.Error);
    }

    private async Task<bool> IsHealthyAsync(ResourceRunner runner, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var name = runner.Resource.Name;
        if (_health.TryGetValue(name, out var last) && last.Pid == runner.Pid && now - last.At < HealthTtl)
        {
            return last.Healthy;
        }

        var healthy = await runner.ProbeAsync(cancellationToken);
        _health[name] = (now, runner.Pid, healthy);
        return healthy;
    }

    private List<EnvironmentVariableView> Environment(ExecutableResource resource)
    {
        if (resource is not ProjectResource project)
        {
            return [];
        }

        return [.. project.EnvironmentContract(app.Context)
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => IsSecret(pair.Key, pair.Value)
                ? new EnvironmentVariableView(pair.Key, Masked, Secret: true)
                : new EnvironmentVariableView(pair.Key, pair.Value.Resolve(), Secret: false))];
    }

    private static bool IsSecret(string name, EnvironmentValue value)
    {
        var normalized = name.ToUpperInvariant();
        return value.IsSecret || SecretNameParts.Any(part => normalized.Contains(part, StringComparison.Ordinal));
    }
}
