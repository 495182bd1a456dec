using Pulse.Hosting.Orchestration;

namespace Pulse.Hosting.Dashboard.Api;

/// <summary>
/// Runs the dashboard's stop, start and restart commands in the background (a start waits for readiness, longer
/// than a request should), one at a time per resource; the dashboard's shutdown cancels and awaits them.
/// </summary>
internal sealed class ResourceCommands(DistributedApplication app) : IAsyncDisposable
{
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Task> _running = new(StringComparer.Ordinal);
    private bool _stopped;

    /// <summary>Queues the command after the resource's earlier ones; <c>false</c> once the host is stopping.</summary>
    public bool Run(string name, ResourceCommand command)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return false;
            }

            var previous = _running.GetValueOrDefault(name, Task.CompletedTask);
            _running[name] = previous.ContinueWith(
                _ => RunAsync(name, command, _shutdown.Token),
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default).Unwrap();
            return true;
        }
    }

    /// <summary>
    /// Refuses new commands, cancels the running ones and waits for them (bounded): called before the host stops
    /// its resources, so that no command starts one again behind its back.
    /// </summary>
    public async Task StopAsync()
    {
        Task[] running;
        lock (_gate)
        {
            _stopped = true;
            running = [.. _running.Values];
        }

        await _shutdown.CancelAsync();
        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _shutdown.Dispose();
    }

    private async Task RunAsync(string name, ResourceCommand command, CancellationToken cancellationToken)
    {
        try
        {
            switch (command)
            {
                case ResourceCommand.Stop:
                    await app.StopResourceAsync(name, cancellationToken);
                    break;
                case ResourceCommand.Start:
                    await app.StartResourceAsync(name, cancellationToken);
                    break;
                case ResourceCommand.Restart:
                    await app.RestartResourceAsync(name, change: null, cancellationToken);
                    break;
            }
        }
        catch (Exception exception) when (exception is ResourceStartException or OperationCanceledException)
        {
            // The runner records why a start failed; the resources view shows it.
        }
    }
}
