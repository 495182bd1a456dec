using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using static Pulse.ServiceDefaults.PulseResources;

namespace Pulse.AppHost.Tests;

/// <summary>
/// Pulse.AppHost run as a person runs it: its own process (<c>dotnet Pulse.AppHost.dll</c>, the launch profile's
/// settings as environment variables), console captured. Every port it would fix (the dashboard's, OTLP's, the
/// projects') is a free one, so it never collides with anyone's interactive run on 18888 or 9696; its secrets are
/// given, so it writes none into the AppHost's user secrets; its data folder is a fresh one.
/// </summary>
internal sealed partial class AppHostRun : IDisposable
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    private static readonly string[] ProjectNames = [Registry, Haul, Pilot, Prism];

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();
    private readonly IReadOnlyDictionary<string, int> _projectPorts;
    private IReadOnlyList<LinuxProcess> _seen = [];

    private AppHostRun(ProcessStartInfo start, string dataDir, int dashboardPort, IReadOnlyDictionary<string, int> projectPorts,
        IReadOnlyDictionary<string, string> givenSecrets)
    {
        DataDir = dataDir;
        DashboardPort = dashboardPort;
        _projectPorts = projectPorts;
        GivenSecrets = givenSecrets;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The AppHost's own pid.</summary>
    public int Pid => _process.Id;

    public string DataDir { get; }

    public int DashboardPort { get; }

    /// <summary>The secrets this run was given, by their configuration key: its three secret parameters and the dashboard's API keys.</summary>
    public IReadOnlyDictionary<string, string> GivenSecrets { get; }

    /// <summary>Everything the AppHost printed so far, stdout and stderr.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the AppHost; <paramref name="environment"/> and <paramref name="args"/> come on top of a person's run.</summary>
    public static AppHostRun Start(IReadOnlyDictionary<string, string>? environment = null, IReadOnlyList<string>? args = null)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "pulse-test-" + Guid.NewGuid().ToString("N")[..12]);
        var projectPorts = ProjectNames.ToDictionary(name => name, _ => FreePort());
        var dashboardPort = FreePort();
        var secrets = new Dictionary<string, string>
        {
            [$"Parameters:{PulseApiKey}"] = Secret(),
            [$"Parameters:{PostgresPassword}"] = Secret(),
            [$"Parameters:{RedisPassword}"] = Secret(),
            ["AppHost:OtlpApiKey"] = Secret(),
            ["AppHost:DashboardApiKey"] = Secret(),
        };

        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList = { AppHostAssembly(), $"--AppHost:DataDir={dataDir}", "--AppHost:ContainerRuntime=none" },
            Environment =
            {
                // The "http" launch profile's settings, on free ports.
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_URLS"] = $"http://localhost:{dashboardPort}",
                ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://localhost:{FreePort()}",
                ["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://localhost:{FreePort()}",
                ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
                ["ASPIRE_VERSION_CHECK_DISABLED"] = "true",
            },
        };
        foreach (var (name, port) in projectPorts)
        {
            start.ArgumentList.Add($"--AppHost:Ports:{name}={port}");
        }

        foreach (var (key, value) in secrets)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        foreach (var argument in args ?? [])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return new AppHostRun(start, dataDir, dashboardPort, projectPorts, secrets);
    }

    /// <summary>The public URL of a project (the port this run gave it).</summary>
    public Uri ProjectUrl(string project) => new($"http://localhost:{_projectPorts[project]}");

    /// <summary>Waits until the AppHost says it started and every project answers <c>/health</c> with 200.</summary>
    public async Task WaitUntilServingAsync(CancellationToken cancellationToken)
    {
        await WaitForOutputAsync("Distributed application started", cancellationToken);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var project in ProjectNames)
        {
            await Eventually.HoldsAsync(async () =>
            {
                try
                {
                    using var response = await client.GetAsync(new Uri(ProjectUrl(project), "/health"), cancellationToken);
                    return response.StatusCode == HttpStatusCode.OK;
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    return false; // not listening yet, or its proxy holds the request until the project listens
                }
            }, cancellationToken, TimeSpan.FromMinutes(3), $"{project} answering /health with 200");
        }
    }

    public async Task WaitForOutputAsync(string text, CancellationToken cancellationToken)
    {
        await Eventually.HoldsAsync(() => Task.FromResult(Output.Contains(text, StringComparison.Ordinal) || _process.HasExited),
            cancellationToken, TimeSpan.FromMinutes(3), $"the AppHost printing '{text}'");
        Assert.True(Output.Contains(text, StringComparison.Ordinal), $"The AppHost exited without printing '{text}'. It printed:\n{Output}");
    }

    /// <summary>
    /// The processes of this run now: the AppHost and everything below it, and DCP, which runs detached (a sibling,
    /// not a child) and watches the AppHost (<c>dcp start-apiserver --monitor &lt;AppHost pid&gt;</c>), with
    /// everything below DCP: the dashboard, PostgreSQL, Redis and the projects.
    /// </summary>
    public IReadOnlyList<LinuxProcess> Processes()
    {
        var all = LinuxProcess.All();
        var roots = all.Where(process => process.Pid == Pid || (process.Program == "dcp" && Monitors(process, Pid)));
        var tree = LinuxProcess.TreesOf(all, roots);
        _seen = [.. _seen.Concat(tree).DistinctBy(process => (process.Pid, process.StartTime))];
        return tree;
    }

    public void Signal(int signal) => Assert.Equal(0, Kill(Pid, signal));

    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>Ends whatever of this run still runs (only processes this run started, by pid), and deletes its data folder.</summary>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Processes();
            _process.Kill();
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        foreach (var leftover in _seen.Where(process => process.IsAlive()))
        {
            Kill(leftover.Pid, SigKill);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // a leftover server still held a file: /tmp is cleared in time
        }
    }

    private static bool Monitors(LinuxProcess process, int pid)
    {
        var monitor = process.CommandLine.ToList().IndexOf("--monitor");
        return monitor >= 0 && monitor + 1 < process.CommandLine.Count && process.CommandLine[monitor + 1] == pid.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    // By its full path: a test may hand the AppHost a PATH without it.
    private static string DotnetHost() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "dotnet"))
            .First(File.Exists);

    // The AppHost's own build output (its runtimeconfig, its DCP and dashboard paths), for this test's configuration.
    private static string AppHostAssembly()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        var project = Projects.Pulse_AppHost.ProjectPath;
        var assembly = Path.Combine(project, "bin", testOutput.Parent!.Name, testOutput.Name, "Pulse.AppHost.dll");
        Assert.True(File.Exists(assembly), $"{assembly} is missing: build Pulse.AppHost.");
        return assembly;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Secret() => "apphost-run-" + Guid.NewGuid().ToString("N");

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_gate)
            {
                _output.AppendLine(line);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
