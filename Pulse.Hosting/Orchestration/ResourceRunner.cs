using Pulse.Hosting.ApplicationModel;

namespace Pulse.Hosting.Orchestration;

/// <summary>
/// Runs one <see cref="ExecutableResource"/>: launches it, probes it until it is ready (bounded), notices when it
/// exits, and stops it gracefully, then by force.
/// </summary>
internal sealed class ResourceRunner(ExecutableResource resource, HostContext context, ProcessLedger ledger, IHostOutput output)
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private ManagedProcess? _process;
    private TaskCompletionSource _ready = NewReadySignal();

    public ExecutableResource Resource { get; } = resource;

    public ConsoleLog Console { get; } = new();

    public ResourceState State { get; private set; } = ResourceState.NotStarted;

    /// <summary>Why the last start failed, if it did.</summary>
    public string? Error { get; private set; }

    public int? Pid => _process is { HasExited: false } process ? process.Pid : null;

    /// <summary>The environment the current process was started with, and which of its keys are secrets.</summary>
    public IReadOnlyDictionary<string, string> LaunchEnvironment { get; private set; } = new Dictionary<string, string>();

    /// <summary>Completes when the resource is ready; faults when its start fails.</summary>
    public Task Ready => _ready.Task;

    public void MarkWaiting()
    {
        if (State is ResourceState.NotStarted or ResourceState.Exited or ResourceState.FailedToStart)
        {
            State = ResourceState.Waiting;
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            if (State is ResourceState.Starting or ResourceState.Running)
            {
                return;
            }

            if (_ready.Task.IsCompleted)
            {
                _ready = NewReadySignal();
            }

            State = ResourceState.Starting;
            Error = null;
            await LaunchAndProbeAsync(cancellationToken);
            State = ResourceState.Running;
            _ready.TrySetResult();
        }
        catch (Exception exception) when (exception is ResourceStartException or TimeoutException or OperationCanceledException)
        {
            await KillAsync();
            State = ResourceState.FailedToStart;
            Error = exception is OperationCanceledException ? $"'{Resource.Name}' was cancelled while starting." : exception.Message;
            _ready.TrySetException(new ResourceStartException(Error));
            throw new ResourceStartException(Error);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Fails the readiness of a resource that never started because something it waits for failed.</summary>
    public void FailWithoutStarting(string reason)
    {
        State = ResourceState.FailedToStart;
        Error = reason;
        _ready.TrySetException(new ResourceStartException(reason));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            var process = _process;
            if (process is null)
            {
                State = ResourceState.NotStarted;
                return;
            }

            State = ResourceState.Stopping;
            if (!process.HasExited)
            {
                Resource.RequestStop(process, context);
                try
                {
                    await process.Exited.WaitAsync(context.Options.StopTimeout, cancellationToken);
                }
                catch (TimeoutException)
                {
                    output.Error($"'{Resource.Name}' did not stop within {context.Options.StopTimeout.TotalSeconds:0} s; killing it.");
                }
            }

            await KillAsync();
            State = ResourceState.NotStarted;
            _ready = NewReadySignal();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>One readiness probe, bounded.</summary>
    public async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            return await Resource.ProbeAsync(context, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task LaunchAndProbeAsync(CancellationToken cancellationToken)
    {
        if (!Resource.IsExternal)
        {
            var spec = await Resource.PrepareAsync(context, cancellationToken);
            LaunchEnvironment = spec.Environment;
            var process = ManagedProcess.Start(spec, OnLine);
            _process = process;
            ledger.Record(Resource.Name, process.Pid);
            _ = process.Exited.ContinueWith(exit => OnExited(process, exit.Result), TaskScheduler.Default);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(context.Options.StartTimeout);
        while (!await ProbeAsync(deadline.Token))
        {
            if (_process is { HasExited: true } exited)
            {
                throw new ResourceStartException(
                    $"'{Resource.Name}' exited during start with code {await exited.Exited}. Its last output:" +
                    Environment.NewLine + LastLines());
            }

            try
            {
                await Task.Delay(ProbeInterval, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"'{Resource.Name}' was not ready within {context.Options.StartTimeout.TotalSeconds:0} s. Its last output:" +
                    Environment.NewLine + LastLines());
            }
        }
    }

    private void OnLine(ConsoleStream stream, string text)
    {
        var line = new ConsoleLine(context.Time.GetUtcNow(), stream, text);
        Console.Add(line);
        output.ResourceLine(Resource.Name, line);
    }

    private void OnExited(ManagedProcess process, int exitCode)
    {
        if (ReferenceEquals(process, _process) && State == ResourceState.Running)
        {
            State = ResourceState.Exited;
            _ready = NewReadySignal();
            output.Error($"'{Resource.Name}' exited with code {exitCode}. Its last output:{Environment.NewLine}{LastLines()}");
        }
    }

    private async Task KillAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        // Also takes what the process left in its group (postgres under runuser, its backends).
        process.KillGroup();
        await ((Task)process.Exited).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        ledger.Forget(Resource.Name);
        process.Dispose();
        _process = null;
    }

    private string LastLines() =>
        string.Join(Environment.NewLine, Console.Snapshot(last: 15).Select(line => "  " + line.Text));

    private static TaskCompletionSource NewReadySignal()
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        signal.Task.ContinueWith(task => _ = task.Exception, TaskContinuationOptions.OnlyOnFaulted); // observed
        return signal;
    }
}
