using System.Diagnostics;

namespace Pulse.AppHost.Tests;

/// <summary>No process of a run outlives it, whether the AppHost is stopped (SIGTERM, Ctrl+C's twin) or killed.</summary>
public sealed class AppHostStopTests
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task SigtermStopsEveryProcessOfTheRunWithinSeconds()
    {
        using var run = new AppHostRun();
        await run.WaitUntilServingAsync(_ct);
        var processes = WholeGraph(run.Processes());

        var since = Stopwatch.StartNew();
        run.Signal(LinuxProcess.SigTerm);
        var stopped = await AllGoneAsync(processes, since, TimeSpan.FromSeconds(60));

        TestContext.Current.TestOutputHelper?.WriteLine($"SIGTERM: {processes.Count} processes gone after {stopped.TotalSeconds:0.0} s");
        Assert.True(stopped < TimeSpan.FromSeconds(15), $"The run took {stopped.TotalSeconds:0.0} s to stop.");
        Assert.Equal(0, await run.WaitForExitAsync(_ct));
    }

    [Fact]
    public async Task ASigkilledAppHostLeavesNothingRunningHalfAMinuteLater()
    {
        using var run = new AppHostRun();
        await run.WaitUntilServingAsync(_ct);
        var processes = WholeGraph(run.Processes());

        var since = Stopwatch.StartNew();
        run.Signal(LinuxProcess.SigKill);
        var cleanedUp = await AllGoneAsync(processes, since, TimeSpan.FromSeconds(30));
        await run.WaitForExitAsync(_ct);

        TestContext.Current.TestOutputHelper?.WriteLine($"SIGKILL: {processes.Count} processes gone after {cleanedUp.TotalSeconds:0.0} s");
    }

    /// <summary>The run's processes, once they include every part of the graph.</summary>
    private static IReadOnlyList<LinuxProcess> WholeGraph(IReadOnlyList<LinuxProcess> processes)
    {
        var programs = processes.Select(process => process.Program).ToList();
        foreach (var program in (string[])["dotnet", "dcp", "Aspire.Dashboard", "postgres", "redis-server", "Pulse.Registry", "Haul.Sample"])
        {
            Assert.True(programs.Contains(program), $"No {program} among the run's processes:\n{string.Join('\n', processes)}");
        }

        Assert.Equal(2, programs.Count(program => program == "Pilot.Sample")); // pilot and prism
        return processes;
    }

    /// <summary>The time since the signal until none of <paramref name="processes"/> ran; fails when some still run at the deadline.</summary>
    private async Task<TimeSpan> AllGoneAsync(IReadOnlyList<LinuxProcess> processes, Stopwatch since, TimeSpan deadline)
    {
        await Eventually.ReturnsAsync(() => Task.FromResult(new StillRunning([.. processes.Where(process => process.IsAlive())])),
            running => running.Processes.Count == 0, _ct, deadline - since.Elapsed, "every process of the run gone");
        return since.Elapsed;
    }

    private sealed record StillRunning(IReadOnlyList<LinuxProcess> Processes)
    {
        public override string ToString() => $"{Processes.Count} still running:\n{string.Join('\n', Processes)}";
    }
}
