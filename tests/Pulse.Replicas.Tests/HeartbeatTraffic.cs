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
internal sealed class HeartbeatTraffic : IAsyncDisposable
{
    private readonly IReadOnlyList<string> _ids;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _rounds;

    public HeartbeatTraffic(IReadOnlyList<string> ids, Func<int, HttpClient> route, TimeSpan interval)
    {
        _ids = ids;
        Route = route;
        _loop = Task.Run(() => RunAsync(interval));
    }

    /// <summary>The client the <c>i</c>-th service's heartbeats go through; may change while the traffic runs.</summary>
    public Func<int, HttpClient> Route { get; set; }

    /// <summary>Rounds finished: each sent every service's heartbeat.</summary>
    public int Rounds => Volatile.Read(ref _rounds);

    /// <summary>Heartbeats answered <c>204</c> (<c>ok</c>), retries and why (<c>retry: ...</c>), and any other answer (<c>status ...</c>).</summary>
    public Tally Outcomes { get; } = new();

    /// <summary>Stops after the round in progress; rethrows what broke the loop.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        finally
        {
            _stop.Dispose();
        }
    }

    private async Task RunAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        do
        {
            await Task.WhenAll(_ids.Select(BeatAsync));
            Interlocked.Increment(ref _rounds);
        }
        while (await timer.WaitForNextTickAsync(_stop.Token));
    }

    private async Task BeatAsync(string id, int index)
    {
        try
        {
            using var response = await AtOnce.SendAsync(Route(index),
                () => new HttpRequestMessage(HttpMethod.Put, $"/api/v1/services/{id}/heartbeat"), Outcomes, _stop.Token);
            Outcomes.Add(response.StatusCode == HttpStatusCode.NoContent ? "ok" : $"status {(int)response.StatusCode}");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !_stop.IsCancellationRequested)
        {
            Outcomes.Add("unanswered");
        }
    }
}
