namespace Pilot.Sample.Grabs;

/// <summary>
/// When to try a download client again after it left a grab unanswered: <see cref="First"/> after the first miss,
/// doubling up to <see cref="Max"/>, back to nothing once it answers. Kept per client, so a client that does not
/// answer costs one attempt per round, not one per pending grab.
/// </summary>
internal sealed class RetryBackoff(TimeProvider time)
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, (int Misses, DateTimeOffset DueAt)> _clients = new(StringComparer.Ordinal);

    public bool IsDue(string client) => !_clients.TryGetValue(client, out var state) || time.GetUtcNow() >= state.DueAt;

    /// <summary>Records a miss; answers how long the client is left alone.</summary>
    public TimeSpan Missed(string client)
    {
        var misses = _clients.TryGetValue(client, out var state) ? state.Misses + 1 : 1;
        var delay = misses > 5 ? Max : TimeSpan.FromTicks(Math.Min(First.Ticks << (misses - 1), Max.Ticks));
        _clients[client] = (misses, time.GetUtcNow() + delay);
        return delay;
    }

    public void Answered(string client) => _clients.Remove(client);
}
