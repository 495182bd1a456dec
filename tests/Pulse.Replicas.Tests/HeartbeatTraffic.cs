using System.Net;

namespace Pulse.Replicas.Tests;

/// <summary>
/// Heartbeats of many services, all of them every interval, each through the client <see cref="Route"/> picks for it
/// (the shared public port, or one replica). A heartbeat that gets no answer is sent again at once (<see cref="AtOnce"/>).
/// The SDK (Pulse.Client's RegistrationLoop) is slower to retry: after a failed heartbeat it waits the interval × 1.5
/// (3 s here) and sends the next, and re-registers after a 404 or 5 failures in a row; a lease of three intervals
/// leaves room for that lost beat. Retrying at once keeps every service on the test's schedule, so a service that goes
/// offline here is the registry's fault, not the schedule's.
/// </summary>
internal sealed class HeartbeatTraffic : BackgroundLoop
{
    private readonly IReadOnlyList<string> _ids;
    private readonly TimeSpan _interval;
    private int _rounds;

    public HeartbeatTraffic(IReadOnlyList<string> ids, Func<int, HttpClient> route, TimeSpan interval)
    {
        _ids = ids;
        Route = route;
        _interval = interval;
        Start();
    }

    /// <summary>The client the <c>i</c>-th service's heartbeats go through; may change while the traffic runs.</summary>
    public Func<int, HttpClient> Route { get; set; }

    /// <summary>Rounds finished: each sent every service's heartbeat.</summary>
    public int Rounds => Volatile.Read(ref _rounds);

    /// <summary>Heartbeats answered <c>204</c> (<c>ok</c>), retries and why (<c>retry: ...</c>), and any other answer (<c>status ...</c>).</summary>
    public Tally Outcomes { get; } = new();


    protected override async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_interval);
        do
        {
            await Task.WhenAll(_ids.Select((id, index) => BeatAsync(id, index, stopping)));
            Interlocked.Increment(ref _rounds);
        }
        while (await timer.WaitForNextTickAsync(stopping));
    }

    private async Task BeatAsync(string id, int index, CancellationToken stopping)
    {
        try
        {
            using var response = await AtOnce.SendAsync(Route(index),
                () => new HttpRequestMessage(HttpMethod.Put, $"/api/v1/services/{id}/heartbeat"), Outcomes, stopping);
            Outcomes.Add(response.StatusCode == HttpStatusCode.NoContent ? "ok" : $"status {(int)response.StatusCode}");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !stopping.IsCancellationRequested)
        {
            Outcomes.Add("unanswered");
        }
    }
}
