using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Pulse.Chaos;

/// <summary>
/// Injects the plan's faults one after another until the chaos period ends: freezes a resource's whole process tree
/// and thaws it, or kills it and starts it again through Aspire's start command once it is seen dead.
/// </summary>
internal sealed class FaultInjector(PulseGraph graph, int seed, Action<string> log, TimeProvider time, HttpLedger ledger)
{
    private readonly List<(Fault Fault, string Outcome)> _injected = [];

    /// <summary>Each fault injected, and how it went ("ok", or why it was skipped or did not recover).</summary>
    public IReadOnlyList<(Fault Fault, string Outcome)> Injected => _injected;

    /// <summary>Runs faults until <paramref name="duration"/> has passed; the last fault is always undone before it returns.</summary>
    public async Task RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        foreach (var fault in FaultPlan.For(seed))
        {
            if (time.GetElapsedTime(started) + fault.Pause >= duration)
            {
                break;
            }

            // The calm between faults is part of the plan, not a wait for a condition.
            await Task.Delay(fault.Pause, time, cancellationToken);
            log($"fault {fault}");
            var from = ledger.Elapsed;
            var outcome = await InjectAsync(fault, cancellationToken);
            ledger.FaultWindow(fault, from, ledger.Elapsed);
            _injected.Add((fault, outcome));
            if (outcome != "ok")
            {
                log($"fault #{fault.Number}: {outcome}");
            }
        }
    }

    /// <summary>Starts any target that is not running (a start that failed during the run), and waits until each is healthy.</summary>
    public async Task<IReadOnlyList<string>> EnsureAllRunningAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        foreach (var resource in FaultPlan.Targets)
        {
            try
            {
                if (IsTerminal(resource))
                {
                    log($"{resource} is not running after the chaos period: starting it");
                    await graph.StartResourceAsync(resource, cancellationToken);
                }
                else
                {
                    await graph.WaitForHealthyAsync(resource, cancellationToken);
                }
            }
            catch (Exception exception) when (exception is InvalidOperationException or TimeoutException or DistributedApplicationException)
            {
                problems.Add($"{resource}: {exception.Message}");
            }
        }

        return problems;
    }

    private async Task<string> InjectAsync(Fault fault, CancellationToken cancellationToken)
    {
        try
        {
            if (fault.Kind == FaultKind.Freeze)
            {
                if (graph.ProcessesOf(fault.Resource).Count == 0)
                {
                    return "skipped: not running";
                }

                using (graph.Freeze(fault.Resource))
                {
                    // A freeze lasts its planned hold; the resource is thawed on leaving this block.
                    await Task.Delay(fault.Hold, time, cancellationToken);
                }

                return "ok";
            }

            if (graph.ProcessesOf(fault.Resource).Count == 0)
            {
                return "skipped: not running";
            }

            await graph.KillAsync(fault.Resource, cancellationToken);
            await Task.Delay(fault.Hold, time, cancellationToken);
            return await StartAgainAsync(fault.Resource, cancellationToken);
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException or DistributedApplicationException)
        {
            return $"did not recover: {exception.GetType().Name}: {exception.Message}";
        }
    }

    /// <summary>
    /// Starts a killed resource; a start that fails is a finding ("did not recover"), and is tried again (bounded) so the
    /// run goes on.
    /// </summary>
    private async Task<string> StartAgainAsync(string resource, CancellationToken cancellationToken)
    {
        const int Attempts = 3;
        var failures = new List<string>();
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            try
            {
                await graph.StartResourceAsync(resource, cancellationToken);
                return failures.Count == 0 ? "ok" : $"did not recover at first: {string.Join("; ", failures)} (started at attempt {attempt})";
            }
            catch (Exception exception) when (exception is InvalidOperationException or TimeoutException or DistributedApplicationException)
            {
                failures.Add($"start {attempt}: {exception.Message}");
            }
        }

        return $"did not recover: {string.Join("; ", failures)}";
    }

    private bool IsTerminal(string resource) =>
        graph.App.ResourceNotifications.TryGetCurrentState(resource, out var state)
        && state.Snapshot.State?.Text is { } text
        && KnownResourceStates.TerminalStates.Contains(text);
}
