namespace Pulse.Registry.Api;

/// <summary>
/// When a long poll answers at the latest, whatever PostgreSQL does: its wait plus <see cref="Margin"/>. The long
/// poll's database work runs under <see cref="Token"/>, and <see cref="RunAsync{T}"/> stops waiting for it at the
/// deadline even when the driver cannot cancel (a frozen server never confirms a cancel): the request then ends in the
/// <c>503</c> of a dependency that did not answer, and the abandoned read ends on Npgsql's own timeouts.
/// </summary>
internal sealed class LongPollDeadline : IDisposable
{
    /// <summary>How long past its wait a long poll may take: its last read of the database, and the answer.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _deadline;
    private readonly CancellationTokenSource _linked;

    public LongPollDeadline(TimeSpan wait, TimeProvider time, CancellationToken requestAborted)
    {
        _deadline = new CancellationTokenSource(wait + Margin, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, _deadline.Token);
    }

    /// <summary>Cancelled at the deadline, or when the caller goes away.</summary>
    public CancellationToken Token => _linked.Token;

    /// <summary>Runs <paramref name="work"/> under <see cref="Token"/>, and gives up waiting for it at the deadline.</summary>
    public Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work) => work(Token).WaitAsync(Token);

    public void Dispose()
    {
        _linked.Dispose();
        _deadline.Dispose();
    }
}
