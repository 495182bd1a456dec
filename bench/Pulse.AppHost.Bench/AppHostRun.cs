using System.Diagnostics;
using System.Runtime.InteropServices;
using Pulse.ServiceDefaults;

namespace Pulse.AppHost.Bench;

/// <summary>What one start and stop of the AppHost measured.</summary>
/// <param name="Start">From the launch until the last of the four services answered <c>/health</c> with <c>200</c>.</param>
/// <param name="HealthyAt">When each service first answered <c>200</c>, from the launch.</param>
/// <param name="Stop">From SIGTERM until every process of the run was gone.</param>
/// <param name="ServicesGone">From SIGTERM until only Aspire's orchestrator (<c>dcp</c>) was left.</param>
/// <param name="Processes">How many processes the run had once up.</param>
/// <param name="CpuSeconds">The CPU time the run had used once up, by kind of process.</param>
/// <param name="LastToGo">The kinds of the processes that were the last to go.</param>
internal sealed record AppHostRunResult(
    TimeSpan Start,
    IReadOnlyDictionary<string, TimeSpan> HealthyAt,
    TimeSpan Stop,
    TimeSpan ServicesGone,
    int Processes,
    IReadOnlyDictionary<string, double> CpuSeconds,
    string LastToGo);

/// <summary>
/// The AppHost launched as a person launches it, <c>dotnet run --project Pulse.AppHost --no-build</c> (the AppHost's
/// launch profile applies), on free ports, PostgreSQL and Redis as local executables; timed until registry, Haul,
/// Pilot and Prism all answer <c>/health</c> on their public ports, then stopped with SIGTERM and timed until its whole
/// process tree is gone.
/// </summary>
internal sealed partial class AppHostRun(Repository repository, AppHostVariant variant)
{
    public static readonly string[] Services = [PulseResources.Registry, PulseResources.Haul, PulseResources.Pilot, PulseResources.Prism];

    private const int Sigkill = 9;
    private static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Starts and stops the AppHost on <paramref name="dataDir"/>, with the given secret parameters.</summary>
    public async Task<AppHostRunResult> StartAndStopAsync(string dataDir, IReadOnlyDictionary<string, string> parameters)
    {
        var ports = Services.ToDictionary(service => service, _ => Ports.Free());
        string[] appHostArguments =
        [
            $"--AppHost:DataDir={dataDir}",
            "--AppHost:ContainerRuntime=none",
            // The dashboard's URLs, as arguments: dotnet run sets the launch profile's over the environment's.
            $"--ASPNETCORE_URLS=http://localhost:{Ports.Free()}",
            $"--ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://localhost:{Ports.Free()}",
            $"--ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://localhost:{Ports.Free()}",
            .. ports.Select(port => $"--AppHost:Ports:{port.Key}={port.Value}"),
            .. variant.Arguments,
        ];
        var (fileName, arguments) = variant.BuiltExecutable
            ? (repository.Executable("Pulse.AppHost"), appHostArguments)
            : ("dotnet", ["run", "--project", repository.Project("Pulse.AppHost"), "--no-build", "-c", repository.Configuration, "--", .. appHostArguments]);
        var environment = new Dictionary<string, string>(variant.Environment);
        foreach (var (name, value) in parameters)
        {
            environment[$"Parameters__{name}"] = value;
        }

        using var process = ChildProcess.Start(fileName, arguments, environment, repository.Root);
        ProcessTree? tree = null;
        try
        {
            var healthyAt = await Health.WaitAllAsync(
                process, ports.ToDictionary(port => port.Key, port => new Uri($"http://localhost:{port.Value}/health")), StartDeadline);
            tree = ProcessTree.Of(process.Pid, dataDir);

            var stopping = Stopwatch.StartNew();
            process.Terminate();
            using var poll = new PeriodicTimer(PollInterval);
            TimeSpan? servicesGone = null;
            IReadOnlyList<int> last = [];
            while (tree.Alive() is { Count: > 0 } alive)
            {
                last = alive;
                if (servicesGone is null && alive.All(tree.IsOrchestrator))
                {
                    servicesGone = stopping.Elapsed;
                }

                if (stopping.Elapsed > StopDeadline)
                {
                    throw new TimeoutException($"Processes {string.Join(", ", tree.Alive())} were still running {StopDeadline.TotalSeconds:0} s after SIGTERM.");
                }

                await poll.WaitForNextTickAsync();
            }

            var stop = stopping.Elapsed;
            servicesGone ??= stop;
            if (ProcessTree.Using(dataDir) is { Count: > 0 } leftovers)
            {
                throw new InvalidOperationException($"Processes {string.Join(", ", leftovers)} outlived the run and still use {dataDir}.");
            }

            return new AppHostRunResult(
                healthyAt.Values.Max(), healthyAt, stop, servicesGone.Value, tree.Count, tree.CpuSeconds,
                string.Join(", ", last.Select(tree.KindOf).Distinct()));
        }
        catch
        {
            // Leave nothing of a failed run behind: its processes are the bench's own.
            foreach (var pid in tree?.Alive() ?? [])
            {
                _ = Kill(pid, Sigkill);
            }

            throw;
        }
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
