namespace Pulse.Testing;

/// <summary>
/// A graph started once and shared by the tests of a collection or an assembly: a fixture says how it wants the graph
/// (<see cref="Options"/>) and what else it needs once it runs (<see cref="OnStartedAsync"/>); starting, the graph's
/// accessor and disposal are here, once.
/// </summary>
public abstract class PulseGraphFixture : IAsyncLifetime
{
    private PulseGraph? _graph;

    internal PulseGraph Graph => _graph ?? throw new InvalidOperationException("The graph has not started.");

    private protected abstract PulseGraphOptions Options { get; }

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await OnStartingAsync(ct);
        _graph = await PulseGraph.StartAsync(Options, ct);
        await OnStartedAsync(ct);
    }

    /// <summary>What the fixture starts before the graph (a server the graph's services call, say).</summary>
    protected virtual ValueTask OnStartingAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>What the fixture reads or makes once the graph runs (connection strings, clients).</summary>
    protected virtual ValueTask OnStartedAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>What the fixture disposes of its own, after the graph.</summary>
    protected virtual ValueTask OnStoppedAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_graph is not null)
        {
            await _graph.DisposeAsync();
        }

        await OnStoppedAsync();
        GC.SuppressFinalize(this);
    }
}
