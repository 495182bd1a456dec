namespace Pulse.Registry.Api;

/// <summary>
/// When a long poll answers at the latest, whatever PostgreSQL does: its wait plus <see cref="Margin"/>. Its waits run
/// under <see cref="Token"/>, and <see cref="RunAsync{T}"/> stops waiting for its database work at the deadline: the
/// request then ends in the <c>503</c> of a dependency that did not answer, and the abandoned read ends on Npgsql's own
/// timeouts.
/// </summary>
internal sealed class LongPollDeadline : IDisposable
{
    /// <summary>How long past its wait a long poll may take: its last read of the database, and the answer.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _deadline;
    private readonly CancellationTokenSource _linked;
    private readonly CancellationToken _requestAborted;

    public LongPollDeadline(TimeSpan wait, TimeProvider time, CancellationToken requestAborted)
    {
        _requestAborted = requestAborted;
        // A read without a wait answers at once, so it gets the deadline of any other request that needs the database.
        _deadline = new CancellationTokenSource(wait > TimeSpan.Zero ? wait + Margin : DependencyDeadlineExtensions.DefaultDeadline, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, _deadline.Token);
    }

    /// <summary>Cancelled at the deadline, or when the caller goes away.</summary>
    public CancellationToken Token => _linked.Token;

    /// <summary>
    /// Runs <paramref name="work"/>, and gives up waiting for it at the deadline. The work gets the request's token, not
    /// the deadline: Npgsql cancels a command on the cancelling thread with a cancel request to the server, which a
    /// frozen server holds for seconds, and the deadline's own answer would wait behind it (9.4 s for a 4 s wait, measured).
    /// </summary>
    public Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work) => work(_requestAborted).WaitAsync(Token);

    public void Dispose()
    {
        _linked.Dispose();
        _deadline.Dispose();
    }
}
