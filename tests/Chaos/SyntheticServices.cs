namespace Pulse.Chaos;

/// <summary>
/// A handful of services of the run's own that register with the registry and heartbeat at its interval, re-registering
/// on a <c>404</c>, as the SDK does. Each keeps its id across re-registrations.
/// </summary>
internal sealed class SyntheticServices(ChaosHttp registry, int count, TimeSpan interval, TimeProvider time)
{
    public const string Type = "chaos-worker";

    public IReadOnlyList<string> Names { get; } = [.. Enumerable.Range(1, count).Select(i => $"chaos-service-{i}")];

    public Task RunAsync(CancellationToken stop) => Task.WhenAll(Names.Select(name => RunOneAsync(name, stop)));

    private async Task RunOneAsync(string name, CancellationToken stop)
    {
        string? id = null;
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            do
            {
                if (id is null)
                {
                    var registered = await registry.SendAsync(HttpMethod.Post, "/api/v1/services/register", "/services/register",
                        new { name, type = Type, api_url = $"http://127.0.0.1:9/{name}" }, TimeSpan.FromSeconds(15), stop);
                    id = registered.Status is 200 or 201 ? registered.String("id") : null;
                    continue;
                }

                var heartbeat = await registry.SendAsync(HttpMethod.Put, $"/api/v1/services/{id}/heartbeat", "/services/{id}/heartbeat",
                    null, TimeSpan.FromSeconds(15), stop);
                if (heartbeat.Is(404))
                {
                    id = null;
                }
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }
}
