using System.Collections.Concurrent;

namespace Pulse.Chaos;

/// <summary>
/// Sends one item (a grab, a relay message) every <c>interval</c>, up to <c>maxInFlight</c> at a time and at most
/// <c>maxItems</c> in all, and keeps what each send got back.
/// </summary>
internal sealed class Sender(string runId, string kind, TimeSpan interval, int maxInFlight, int maxItems, TimeProvider time)
{
    private readonly ConcurrentQueue<SentItem> _sent = new();

    public IReadOnlyList<SentItem> Sent => [.. _sent.OrderBy(item => item.Number)];

    /// <summary>Sends until <paramref name="stop"/>; the sends in flight then finish (each is bounded) before it returns.</summary>
    public async Task RunAsync(Func<int, string, string, CancellationToken, Task<Answer>> send, Func<Answer, string?> idOf, CancellationToken stop)
    {
        using var slots = new SemaphoreSlim(maxInFlight);
        var inFlight = new List<Task>();
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            for (var number = 1; number <= maxItems && await timer.WaitForNextTickAsync(stop); number++)
            {
                await slots.WaitAsync(stop);
                var infoHash = Magnets.InfoHash(runId, kind, number);
                var uri = Magnets.Link(infoHash, $"chaos.{kind}.{number}");
                var n = number;
                inFlight.Add(Task.Run(async () =>
                {
                    try
                    {
                        var answer = await send(n, infoHash, uri, CancellationToken.None);
                        _sent.Enqueue(new SentItem(n, infoHash, uri, answer.Status, answer.Status is 200 or 201 or 202 ? idOf(answer) : null));
                    }
                    finally
                    {
                        slots.Release();
                    }
                }, CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        await Task.WhenAll(inFlight);
    }
}
