using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Pulse.Hosting.ApplicationModel;
using Pulse.Hosting.Dashboard;
using Pulse.Hosting.Orchestration;

namespace Pulse.Hosting;

/// <summary>
/// The running application graph, shaped like Aspire's <c>DistributedApplication</c>: start, run until Ctrl+C or
/// SIGTERM, stop in reverse dependency order; plus the operations tests and the dashboard use on one resource.
/// </summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private readonly DistributedApplicationBuilder _builder;
    private readonly HostContext _context;
    private readonly IHostOutput _output;
    private readonly DataFolder _dataFolder;
    private readonly Orchestrator _orchestrator;
    private DashboardServer? _dashboard;
    private bool _started;

    internal DistributedApplication(DistributedApplicationBuilder builder, AppHostOptions options)
    {
        _builder = builder;
        _context = new HostContext(options, builder.Configuration, builder.EnvironmentName, TimeProvider.System);
        _output = options.Quiet ? new QuietHostOutput() : new ConsoleHostOutput();
        _dataFolder = new DataFolder(options.DataDir, _context.Time);
        _orchestrator = new Orchestrator(builder.Resources, _context, _dataFolder.Ledger, _output);
    }

    /// <summary>Creates the builder of an application graph.</summary>
    public static DistributedApplicationBuilder CreateBuilder(string[] args) => new(args);

    /// <summary>The host's settings, as bound from configuration.</summary>
    public AppHostOptions Options => _context.Options;

    /// <summary>The dashboard's address (<c>http://localhost:18888</c> unless the port was changed or randomized).</summary>
    public Uri DashboardUrl => new($"http://localhost:{Options.DashboardPort}");

    /// <summary>The dashboard's sign-in link, which carries its token: the one secret the host prints.</summary>
    public Uri DashboardLoginUrl => new(DashboardUrl, "/login?t=" + Uri.EscapeDataString(Options.DashboardToken ?? ""));

    /// <summary>Every resource of the graph.</summary>
    public IReadOnlyList<Resource> Resources => _builder.Resources;

    /// <summary>
    /// Cleans up what an earlier host left, resolves parameters and ports, and starts every resource not held back,
    /// each after what it waits for is ready. Returns once all of them are ready.
    /// </summary>
    /// <exception cref="ResourceStartException">A resource could not start; the message names each one and why.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _dataFolder.Acquire();
        _started = true;
        var leftovers = await _dataFolder.Ledger.KillLeftoversAsync(cancellationToken);
        if (leftovers > 0)
        {
            _output.Info($"Stopped {leftovers} process(es) an earlier AppHost left running.");
        }

        if (Options.Fresh)
        {
            _dataFolder.Wipe();
        }

        ResolveParametersAndPorts();
        _dashboard = new DashboardServer(this, _output);
        await _dashboard.StartAsync(cancellationToken);
        await _orchestrator.StartAllAsync(cancellationToken);
    }

    /// <summary>Stops every resource, each after the resources that depend on it.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_started)
        {
            await _orchestrator.StopAllAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Starts the graph, prints each resource with its URL and where each generated key is kept, and runs until
    /// Ctrl+C or SIGTERM, then stops everything. Sets a non-zero exit code when the start fails.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            shutdown.Cancel();
        }

        var stopwatch = Stopwatch.StartNew();
        try
        {
            await StartAsync(shutdown.Token);
            _output.Info(StartSummary.Describe(this, stopwatch.Elapsed, _orchestrator.StartDurations));
            await Task.Delay(Timeout.Infinite, shutdown.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        catch (ResourceStartException exception)
        {
            _output.Error("The application could not start:" + Environment.NewLine + exception.Message);
            Environment.ExitCode = 1;
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            // Ctrl+C during start
        }

        _output.Info("Stopping...");
        stopwatch.Restart();
        await DisposeAsync();
        _output.Info($"Stopped in {stopwatch.Elapsed.TotalSeconds:0.0} s.");
    }

    /// <summary>Waits until the resource (or, for a database, its server) is running and answers its health probe.</summary>
    /// <exception cref="TimeoutException">It did not become healthy within <paramref name="timeout"/> (default 90 s).</exception>
    public async Task WaitForResourceHealthyAsync(string name, CancellationToken cancellationToken = default, TimeSpan? timeout = null)
    {
        var runner = Runner(name);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? TimeSpan.FromSeconds(90));
        try
        {
            while (runner.State != ResourceState.Running || !await runner.ProbeAsync(deadline.Token))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"'{name}' was not healthy within {(timeout ?? TimeSpan.FromSeconds(90)).TotalSeconds:0} s (state {runner.State}).");
        }
    }

    /// <summary>An <see cref="HttpClient"/> whose base address is the resource's HTTP endpoint.</summary>
    public HttpClient CreateHttpClient(string name) => new() { BaseAddress = Endpoint(name).Url };

    /// <summary>The resource's endpoint, with its allocated port.</summary>
    public ResourceEndpoint Endpoint(string name) => Runner(name).Resource.Endpoint;

    /// <summary>The connection string of a resource that has one (a server, a database, a connection string).</summary>
    public Task<string?> GetConnectionStringAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(Resource(name) is IResourceWithConnectionString resource ? resource.GetConnectionString() : null);

    /// <summary>The resource's state.</summary>
    public ResourceState GetResourceState(string name) => Runner(name).State;

    /// <summary>The process id of the resource's process, while it runs.</summary>
    public int? GetProcessId(string name) => Runner(name).Pid;

    /// <summary>The resource's recent console output.</summary>
    public IReadOnlyList<ConsoleLine> GetConsoleOutput(string name) => Runner(name).Console.Snapshot();

    /// <summary>Stops one resource (gracefully, then by force).</summary>
    public Task StopResourceAsync(string name, CancellationToken cancellationToken = default) =>
        Runner(name).StopAsync(cancellationToken);

    /// <summary>Starts one resource, after what it waits for is ready; returns once it is ready.</summary>
    /// <exception cref="ResourceStartException">It could not start.</exception>
    public async Task StartResourceAsync(string name, CancellationToken cancellationToken = default)
    {
        var runner = Runner(name);
        await _orchestrator.StartAfterDependenciesAsync(runner, cancellationToken);
        if (runner.State == ResourceState.FailedToStart)
        {
            throw new ResourceStartException(runner.Error!);
        }
    }

    /// <summary>
    /// Stops one resource, applies <paramref name="change"/> (new environment variables, a new port), and starts it again.
    /// </summary>
    public async Task RestartResourceAsync(string name, Action<ResourceChange>? change = null, CancellationToken cancellationToken = default)
    {
        var runner = Runner(name);
        await runner.StopAsync(cancellationToken);
        if (change is not null)
        {
            var request = new ResourceChange();
            change(request);
            request.ApplyTo(runner.Resource);
        }

        await StartResourceAsync(name, cancellationToken);
    }

    /// <summary>Stops everything and releases the data folder (deleting it when the host was told to, as tests are).</summary>
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        if (_dashboard is not null)
        {
            await _dashboard.StopCommandsAsync(); // no dashboard command may start a resource while they stop
        }

        await StopAsync(timeout.Token);
        if (_dashboard is not null)
        {
            await _dashboard.DisposeAsync();
            _dashboard = null;
        }

        _dataFolder.Dispose();
        if (Options.DeleteDataDirOnDispose && Directory.Exists(Options.DataDir))
        {
            Directory.Delete(Options.DataDir, recursive: true);
        }
    }

    internal IEnumerable<ResourceRunner> Runners => _orchestrator.Runners;

    internal HostContext Context => _context;

    internal DashboardServer? Dashboard => _dashboard;

    private Resource Resource(string name) =>
        _builder.Resources.FirstOrDefault(resource => resource.Name == name)
        ?? throw new ArgumentException($"The graph has no resource named '{name}'.", nameof(name));

    private ResourceRunner Runner(string name) =>
        _orchestrator.TryGetRunner(name, out var runner)
            ? runner
            : throw new ArgumentException($"'{name}' is not a resource the host runs.", nameof(name));

    private void ResolveParametersAndPorts()
    {
        var parameters = new ParameterStore(Options.DataDir, _builder.Configuration);
        foreach (var parameter in _builder.Resources.OfType<ParameterResource>())
        {
            parameters.Resolve(parameter);
        }

        _context.OtlpApiKey = Options.OtlpApiKey ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        Options.DashboardToken ??= Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        if (Options.RandomizePorts)
        {
            Options.OtlpPort = PortAllocator.FreePort();
            Options.DashboardPort = PortAllocator.FreePort();
        }

        foreach (var resource in _builder.Resources.OfType<ExecutableResource>().Where(resource => !resource.IsExternal))
        {
            PortAllocator.Allocate(resource.Endpoint, resource.Name, Options, _builder.Configuration);
        }
    }
}
