using System.Collections.Concurrent;
using System.Diagnostics;
using Pulse.Hosting.ApplicationModel;

namespace Pulse.Hosting.Orchestration;

/// <summary>
/// Starts the graph (independent resources in parallel, each after what it waits for is ready) and stops it in
/// reverse dependency order.
/// </summary>
internal sealed class Orchestrator
{
    private readonly IReadOnlyList<Resource> _resources;
    private readonly IHostOutput _output;
    private readonly Dictionary<string, ResourceRunner> _runners;

    public Orchestrator(IReadOnlyList<Resource> resources, HostContext context, ProcessLedger ledger, IHostOutput output)
    {
        _resources = resources;
        _output = output;
        _runners = resources.OfType<ExecutableResource>()
            .ToDictionary(resource => resource.Name, resource => new ResourceRunner(resource, context, ledger, output));
    }

    public IReadOnlyCollection<ResourceRunner> Runners => _runners.Values;

    /// <summary>How long each resource took from its launch until it was ready, for the start summary.</summary>
    public ConcurrentDictionary<string, TimeSpan> StartDurations { get; } = [];

    public ResourceRunner RunnerOf(Resource resource) => _runners[resource.RunsOn.Name];

    public bool TryGetRunner(string name, out ResourceRunner runner)
    {
        var resource = _resources.FirstOrDefault(candidate => candidate.Name == name);
        if (resource?.RunsOn is ExecutableResource executable)
        {
            runner = _runners[executable.Name];
            return true;
        }

        runner = null!;
        return false;
    }

    /// <summary>Starts every resource not held back; throws one error naming every resource that failed.</summary>
    public async Task StartAllAsync(CancellationToken cancellationToken)
    {
        var starting = _runners.Values.Where(runner => !runner.Resource.ExplicitStart).ToList();
        starting.ForEach(runner => runner.MarkWaiting());
        await Task.WhenAll(starting.Select(runner => StartAfterDependenciesAsync(runner, cancellationToken)));

        var failures = starting.Where(runner => runner.State == ResourceState.FailedToStart).ToList();
        if (failures.Count > 0)
        {
            throw new ResourceStartException(string.Join(Environment.NewLine, failures.Select(runner => runner.Error)));
        }
    }

    /// <summary>Starts one resource after what it waits for is ready; failures are recorded on the runner.</summary>
    public async Task StartAfterDependenciesAsync(ResourceRunner runner, CancellationToken cancellationToken)
    {
        runner.MarkWaiting();
        foreach (var dependency in WaitedFor(runner.Resource))
        {
            try
            {
                await RunnerOf(dependency).Ready.WaitAsync(cancellationToken);
            }
            catch (ResourceStartException)
            {
                runner.FailWithoutStarting($"'{runner.Resource.Name}' did not start: it waits for '{dependency.Name}', which failed.");
                return;
            }
        }

        var stopwatch = Stopwatch.StartNew();
        try
        {
            await runner.StartAsync(cancellationToken);
            StartDurations[runner.Resource.Name] = stopwatch.Elapsed;
        }
        catch (ResourceStartException)
        {
            // recorded on the runner; StartAllAsync reports it
        }
    }

    /// <summary>Stops everything, each resource after every resource that depends on it.</summary>
    public async Task StopAllAsync(CancellationToken cancellationToken)
    {
        var stopped = new Dictionary<string, Task>();
        Task StopInOrder(ResourceRunner runner)
        {
            if (!stopped.TryGetValue(runner.Resource.Name, out var task))
            {
                var dependents = Dependents(runner.Resource).Select(StopInOrder).ToList();
                task = StopAfterAsync(runner, dependents, cancellationToken);
                stopped[runner.Resource.Name] = task;
            }

            return task;
        }

        await Task.WhenAll(_runners.Values.Select(StopInOrder).ToList());
    }

    private static async Task StopAfterAsync(ResourceRunner runner, List<Task> dependents, CancellationToken cancellationToken)
    {
        await Task.WhenAll(dependents);
        await runner.StopAsync(cancellationToken);
    }

    // A wait on a resource held back at start is skipped, so the rest of the graph can start without it.
    private IEnumerable<ExecutableResource> WaitedFor(Resource resource) =>
        resource.WaitsFor.Select(dependency => dependency.RunsOn).OfType<ExecutableResource>()
            .Where(dependency => !dependency.ExplicitStart || RunnerOf(dependency).State != ResourceState.NotStarted)
            .Distinct();

    private IEnumerable<ResourceRunner> Dependents(ExecutableResource resource) =>
        _runners.Values.Where(runner => runner.Resource.WaitsFor.Concat(runner.Resource.References)
            .Any(dependency => dependency.RunsOn == resource));
}
