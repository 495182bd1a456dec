namespace Pulse.Replicas.Tests;

/// <summary>
/// Work a test runs beside it (traffic, or a watch that reads something over and over) from the moment it is started
/// until it is stopped or disposed: stopping waits for the round in progress, and rethrows whatever broke the loop.
/// </summary>
internal abstract class BackgroundLoop : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    /// <summary>Runs <see cref="RunAsync"/> in the background; a subclass calls it last in its constructor.</summary>
    protected void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>The loop: it runs until <paramref name="stopping"/> is cancelled.</summary>
    protected abstract Task RunAsync(CancellationToken stopping);

    /// <summary>Rethrows what broke the loop, if it broke.</summary>
    public void ThrowIfBroken()
    {
        if (_loop.IsFaulted)
        {
            _loop.GetAwaiter().GetResult();
        }
    }

    /// <summary>Stops after the round in progress (again: nothing); rethrows what broke the loop.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    public virtual async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _stop.Dispose();
        }
    }
}
