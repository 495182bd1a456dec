using System.Net;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Pulse.Testing;

/// <summary>
/// Replicas (<c>WithReplicas</c>): Aspire runs each as a resource of its own id (<c>registry-abcdefgh</c>), behind the
/// resource's one public endpoint. Every method of the graph that names a resource also takes a replica's id, to stop,
/// start, kill, freeze or reach that replica alone.
/// </summary>
internal sealed partial class PulseGraph
{
    private Dictionary<string, IReadOnlyList<string>> _replicas = [];

    /// <summary>
    /// The ids of the resource's replicas (its instance ids, which each replica's telemetry carries as
    /// <c>service.instance.id</c> after the resource's name and a dash); one id for a resource without replicas.
    /// </summary>
    public IReadOnlyList<string> Replicas(string resource) =>
        _replicas.TryGetValue(resource, out var replicas) ? replicas : [resource];

    /// <summary>A client of one replica's own address (its process), not the public endpoint shared by all replicas.</summary>
    public HttpClient CreateReplicaClient(string replica, string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = this.TargetEndpoint(replica), Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    private bool IsReplica(string resource) =>
        App.ResourceNotifications.TryGetCurrentState(resource, out var state)
        && state.ResourceId == resource && state.Resource.Name != resource;

    private string ModelNameOf(string resource) =>
        App.ResourceNotifications.TryGetCurrentState(resource, out var state) ? state.Resource.Name : resource;

    private IResource Model(string resource) =>
        App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == ModelNameOf(resource));

    /// <summary>Learns every project's replica ids: Aspire reports each replica's state under its id from the start.</summary>
    private async Task FindReplicasAsync(CancellationToken cancellationToken)
    {
        var expected = App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ProjectResource>()
            .ToDictionary(project => project.Name, project => project.GetReplicaCount());
        var found = expected.Keys.ToDictionary(name => name, _ => new SortedSet<string>(StringComparer.Ordinal));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ResourceTimeout);
        await foreach (var update in App.ResourceNotifications.WatchAsync(timeout.Token))
        {
            if (found.TryGetValue(update.Resource.Name, out var ids) && ids.Add(update.ResourceId)
                && found.All(pair => pair.Value.Count == expected[pair.Key]))
            {
                break;
            }
        }

        _replicas = found.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<string>)[.. pair.Value]);
    }

    /// <summary>Waits (bounded) until the resource, or each of its replicas, reaches a state matching <paramref name="predicate"/>.</summary>
    private async Task WaitForStateAsync(string resource, Func<ResourceEvent, bool> predicate, CancellationToken cancellationToken)
    {
        var name = ModelNameOf(resource);
        foreach (var id in IsReplica(resource) ? [resource] : Replicas(resource))
        {
            await App.ResourceNotifications
                .WaitForResourceAsync(name, e => (e.ResourceId == id || e.Resource.Name == id) && predicate(e), cancellationToken)
                .WaitAsync(ResourceTimeout, cancellationToken);
        }
    }

    /// <summary>
    /// Waits (bounded) until the replica runs and answers <c>/health</c> with 200 at its own address: Aspire checks a
    /// replicated resource's health through its shared endpoint, which the other replicas answer too.
    /// </summary>
    private async Task WaitForReplicaHealthyAsync(string replica, CancellationToken cancellationToken)
    {
        await WaitForStateAsync(replica, e => e.Snapshot.State?.Text == KnownResourceStates.Running, cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ResourceTimeout);
        while (true)
        {
            try
            {
                using var client = CreateReplicaClient(replica);
                using var response = await client.GetAsync("/health", timeout.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or InvalidOperationException
                || exception is TaskCanceledException && !timeout.IsCancellationRequested)
            {
                // Not listening yet (or its process not yet started: no address to read).
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), timeout.Token);
        }
    }
}
