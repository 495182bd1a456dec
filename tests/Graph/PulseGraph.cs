using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Client;
using Pulse.ServiceDefaults;

namespace Pulse.Testing;

/// <summary>
/// The AppHost's own graph (Pulse.AppHost/Program.cs) started for a test through Aspire.Hosting.Testing: random
/// ports, a throw-away data folder, known secrets, PostgreSQL and Redis as local processes unless a test asks for
/// containers, and the dashboard off unless asked for. Resources can be held back at start, and stopped, started or
/// restarted with changed environment variables, for fault tests.
/// </summary>
internal sealed partial class PulseGraph : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan ResourceTimeout = TimeSpan.FromMinutes(2);

    private readonly Dictionary<string, Dictionary<string, string>> _environment;
    private readonly IReadOnlyDictionary<string, string> _serviceKeys;

    private PulseGraph(
        DistributedApplication app, string dataDir, Dictionary<string, Dictionary<string, string>> environment,
        IReadOnlyDictionary<string, string> serviceKeys)
    {
        App = app;
        DataDir = dataDir;
        _environment = environment;
        _serviceKeys = serviceKeys;
    }

    public DistributedApplication App { get; }

    /// <summary>The graph's data folder (<c>AppHost:DataDir</c>), deleted on dispose.</summary>
    public string DataDir { get; }

    /// <summary>The folder of one resource (its generated key, its cursors).</summary>
    public string DataDirOf(string resource) => Path.Combine(DataDir, resource);

    /// <summary>
    /// The registry key the graph gave the service (its <c>pulse-key-&lt;service&gt;</c> parameter): the key it
    /// authenticates to the registry with, unless a test changed its <c>Pulse__ApiKey</c> since.
    /// </summary>
    public string KeyOf(string service) =>
        _serviceKeys.TryGetValue(service, out var key) ? key : throw new ArgumentException($"'{service}' has no registry key of its own.", nameof(service));

    /// <summary>Builds the graph with <paramref name="options"/>, starts it, and waits until every resource not held back is healthy.</summary>
    public static async Task<PulseGraph> StartAsync(PulseGraphOptions options, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        var ct = timeout.Token;

        var dataDir = Path.Combine(Path.GetTempPath(), "pulse-test-" + Guid.NewGuid().ToString("N")[..12]);
        var serviceKeys = PulseResources.Services.ToDictionary(
            service => service, service => options.ServiceKeys.GetValueOrDefault(service) ?? $"test-{service}-key-{Secret()}");
        string[] args =
        [
            $"--AppHost:DataDir={dataDir}",
            $"--AppHost:ContainerRuntime={(options.Containers ? "auto" : "none")}",
            $"--Parameters:{PulseResources.PulseApiKey}={options.ApiKey}",
            .. serviceKeys.Select(service => $"--Parameters:{PulseResources.ServiceKey(service.Key)}={service.Value}"),
            $"--Parameters:{PulseResources.PostgresPassword}={Secret()}",
            $"--Parameters:{PulseResources.RedisPassword}={Secret()}",
            .. options.Args,
        ];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Pulse_AppHost>(
            args, (app, _) => app.DisableDashboard = !options.Dashboard, ct);
        options.ConfigureBuilder?.Invoke(builder);

        // Each project reads its overrides at every start, so a restart can change them.
        var environment = builder.Resources.OfType<ProjectResource>().ToDictionary(
            project => project.Name,
            project => new Dictionary<string, string>(options.Environment.GetValueOrDefault(project.Name) ?? []));
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            var overrides = environment[project.Name];
            builder.CreateResourceBuilder(project).WithEnvironment(context =>
            {
                foreach (var (name, value) in overrides)
                {
                    context.EnvironmentVariables[name] = value;
                }
            });
            if (options.HoldBack.Contains(project.Name))
            {
                builder.CreateResourceBuilder(project).WithExplicitStart();
            }
        }

        var app = await builder.BuildAsync(ct);
        var graph = new PulseGraph(app, dataDir, environment, serviceKeys);
        try
        {
            await app.StartAsync(ct);
            await graph.FindReplicasAsync(ct);
            foreach (var project in builder.Resources.OfType<ProjectResource>().Where(p => !options.HoldBack.Contains(p.Name)))
            {
                await graph.WaitForHealthyAsync(project.Name, ct);
            }
        }
        catch
        {
            await graph.DisposeAsync();
            throw;
        }

        return graph;
    }

    /// <summary>An <see cref="HttpClient"/> for the resource's HTTP endpoint, with the <c>X-Api-Key</c> header when a key is given.</summary>
    public HttpClient CreateHttpClient(string resource, string? apiKey = null)
    {
        var client = App.CreateHttpClient(resource);
        client.Timeout = TimeSpan.FromSeconds(60);
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add(PulseHeaders.ApiKey, apiKey);
        }

        return client;
    }

    /// <summary>The resource's public HTTP endpoint.</summary>
    public Uri Endpoint(string resource) => App.GetEndpoint(resource, "http");

    public async Task<string> ConnectionStringAsync(string resource, CancellationToken cancellationToken) =>
        await App.GetConnectionStringAsync(resource, cancellationToken)
            ?? throw new InvalidOperationException($"'{resource}' has no connection string.");

    /// <summary>Every line the resource has written to its console so far (stdout and stderr).</summary>
    public async Task<IReadOnlyList<string>> ConsoleOutputAsync(string resource, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        var logs = App.Services.GetRequiredService<ResourceLoggerService>();
        var model = App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resource);
        await foreach (var batch in logs.GetAllAsync(model).WithCancellation(cancellationToken))
        {
            lines.AddRange(batch.Select(line => line.Content));
        }

        return lines;
    }

    /// <summary>
    /// Waits (bounded) until the resource runs and its health checks pass; for a resource with replicas, until each
    /// replica answers <c>/health</c> itself; for one replica (by its id), until it does.
    /// </summary>
    public async Task WaitForHealthyAsync(string resource, CancellationToken cancellationToken)
    {
        if (IsReplica(resource))
        {
            await WaitForReplicaHealthyAsync(resource, cancellationToken);
            return;
        }

        await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancellationToken).WaitAsync(ResourceTimeout, cancellationToken);
        if (Replicas(resource) is { Count: > 1 } replicas)
        {
            foreach (var replica in replicas)
            {
                await WaitForReplicaHealthyAsync(replica, cancellationToken);
            }
        }
    }

    /// <summary>Stops the resource and waits until it has stopped.</summary>
    public async Task StopResourceAsync(string resource, CancellationToken cancellationToken)
    {
        await ExecuteAsync(resource, KnownResourceCommands.StopCommand, cancellationToken);
        await WaitForStateAsync(resource, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), cancellationToken);
    }

    /// <summary>Starts the resource (held back, or stopped) and waits until it is healthy.</summary>
    public async Task StartResourceAsync(string resource, CancellationToken cancellationToken)
    {
        await ExecuteAsync(resource, KnownResourceCommands.StartCommand, cancellationToken);

        // Until the start shows, the snapshot may still hold the stop's terminal state, which the health wait would
        // take for a failed start.
        await WaitForStateAsync(resource, e => !KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), cancellationToken);
        await WaitForHealthyAsync(resource, cancellationToken);
    }

    /// <summary>
    /// Stops the project, applies <paramref name="changeEnvironment"/> to the environment variables the test set on
    /// it, starts it again and waits until it is healthy.
    /// </summary>
    public async Task RestartResourceAsync(
        string resource, Action<IDictionary<string, string>>? changeEnvironment, CancellationToken cancellationToken)
    {
        await StopResourceAsync(resource, cancellationToken);
        changeEnvironment?.Invoke(_environment[ModelNameOf(resource)]);
        await StartResourceAsync(resource, cancellationToken);
    }

    /// <summary>
    /// The resource's processes now: the one Aspire started and everything below it (a project's built program, which
    /// the AppHost has Aspire start in place of <c>dotnet run</c>; PostgreSQL's postmaster and its backends); every
    /// replica's, for a resource with replicas. Empty when it is not running.
    /// </summary>
    public IReadOnlyList<LinuxProcess> ProcessesOf(string resource)
    {
        if (Replicas(resource) is { Count: > 1 } replicas)
        {
            return [.. replicas.SelectMany(ProcessesOf)];
        }

        if (!App.ResourceNotifications.TryGetCurrentState(resource, out var state)
            || state.Snapshot.Properties.FirstOrDefault(property => property.Name == "executable.pid")?.Value is not { } pidValue
            || !int.TryParse(Convert.ToString(pidValue, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture, out var pid))
        {
            return [];
        }

        var all = LinuxProcess.All();
        return LinuxProcess.TreesOf(all, all.Where(process => process.Pid == pid));
    }

    /// <summary>
    /// Freezes the resource (SIGSTOP to each of its processes), as a hung server or a paused VM looks from outside:
    /// connections stay open and nothing answers. Disposing the result thaws it (SIGCONT).
    /// </summary>
    public FrozenResource Freeze(string resource)
    {
        // A process forked while the tree is being stopped (a PostgreSQL backend for a new connection) is missed by one
        // pass and would answer for the frozen server: stop what is listed, list again, until a pass finds nothing new.
        var stopped = new List<LinuxProcess>();
        for (var pass = 0; pass < 10; pass++)
        {
            var fresh = ProcessesOf(resource)
                .Where(process => !stopped.Exists(done => done.Pid == process.Pid && done.StartTime == process.StartTime))
                .ToList();
            if (fresh.Count == 0)
            {
                break;
            }

            foreach (var process in fresh)
            {
                process.Signal(LinuxProcess.SigStop);
                stopped.Add(process);
            }
        }

        if (stopped.Count == 0)
        {
            throw new InvalidOperationException($"'{resource}' has no running process to freeze.");
        }

        return new FrozenResource(stopped);
    }

    /// <summary>
    /// Kills the resource's processes at once (SIGKILL), as a crash does, and waits until Aspire has seen it exit; Aspire
    /// does not restart it by itself. The SIGKILL is sent before the task is returned.
    /// </summary>
    public async Task KillAsync(string resource, CancellationToken cancellationToken)
    {
        if (ProcessesOf(resource).Count == 0)
        {
            return;
        }

        // Frozen first, so that nothing forks meanwhile: a PostgreSQL backend forked during the kill would be left an
        // orphan holding the server's shared memory, and the next postmaster would refuse to start beside it.
        Freeze(resource).Kill();

        // DCP notices a dead process at its next check (about a second later). Until Aspire shows the exit, the resource
        // still reads as running and healthy: a start sent meanwhile starts nothing, and its health wait passes at once.
        await WaitForStateAsync(resource, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await App.StopAsync(timeout.Token);
        }
        finally
        {
            await App.DisposeAsync();
            try
            {
                Directory.Delete(DataDir, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
    }

    private async Task ExecuteAsync(string resource, string command, CancellationToken cancellationToken)
    {
        var commands = App.Services.GetRequiredService<ResourceCommandService>();

        // A resource with replicas has no single id: the command goes to each replica.
        var result = Replicas(resource) is { Count: > 1 }
            ? await commands.ExecuteCommandAsync(Model(resource), command, cancellationToken)
            : await commands.ExecuteCommandAsync(resource, command, cancellationToken);
        if (!result.Success)
        {
            throw new InvalidOperationException($"'{command}' on '{resource}' failed: {result.Message}");
        }
    }

    private static string Secret() => Guid.NewGuid().ToString("N");
}

/// <summary>A resource frozen by <see cref="PulseGraph.Freeze"/>; disposing it lets the resource run again.</summary>
internal sealed class FrozenResource(IReadOnlyList<LinuxProcess> processes) : IDisposable
{
    private bool _killed;

    /// <summary>Kills every frozen process (SIGKILL reaches a stopped process too).</summary>
    public void Kill()
    {
        _killed = true;
        foreach (var process in processes)
        {
            process.Signal(LinuxProcess.SigKill);
        }
    }

    public void Dispose()
    {
        if (_killed)
        {
            return;
        }

        foreach (var process in processes)
        {
            process.Signal(LinuxProcess.SigContinue);
        }
    }
}

/// <summary>How a test wants the graph started.</summary>
internal sealed class PulseGraphOptions
{
    /// <summary>The operator's registry key (<c>pulse-api-key</c>), which may do everything.</summary>
    public string ApiKey { get; init; } = "test-pulse-api-key-" + Guid.NewGuid().ToString("N");

    /// <summary>
    /// Each service's own registry key (<c>pulse-key-haul</c>, ...), by resource name; a service not named here gets a
    /// fresh one. <see cref="PulseGraph.KeyOf"/> tells them.
    /// </summary>
    public IReadOnlyDictionary<string, string> ServiceKeys { get; init; } = new Dictionary<string, string>();

    /// <summary>More AppHost arguments (<c>--AppHost:HaulDeliveryMode=poll</c>, ...).</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>Projects not started with the graph (start them with <see cref="PulseGraph.StartResourceAsync"/>).</summary>
    public IReadOnlySet<string> HoldBack { get; init; } = new HashSet<string>();

    /// <summary>Environment variables per project (short intervals, known keys).</summary>
    public IReadOnlyDictionary<string, Dictionary<string, string>> Environment { get; init; } =
        new Dictionary<string, Dictionary<string, string>>();

    /// <summary>Runs the Aspire dashboard (off by default: most tests do not read telemetry).</summary>
    public bool Dashboard { get; init; }

    /// <summary>PostgreSQL and Redis as Aspire's containers (the engine must answer) instead of local processes.</summary>
    public bool Containers { get; init; }

    /// <summary>Last changes to the graph before it is built (container images for the container path, say).</summary>
    public Action<IDistributedApplicationTestingBuilder>? ConfigureBuilder { get; init; }
}
