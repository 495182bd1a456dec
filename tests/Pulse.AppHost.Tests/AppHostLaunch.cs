using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using static Pulse.ServiceDefaults.PulseResources;

namespace Pulse.AppHost.Tests;

/// <summary>
/// How a person starts Pulse.AppHost (<c>dotnet Pulse.AppHost.dll</c>, the "http" launch profile's settings as
/// environment variables), made safe to run beside anyone else: every port it would fix (the dashboard's, OTLP's, the
/// projects') is a free one, so it never collides with an interactive run on 18888 or 9696; its secrets are given, so
/// it writes none into the AppHost's user secrets; its data folder is a fresh one; PostgreSQL and Redis run as local
/// processes.
/// </summary>
internal sealed class AppHostLaunch
{
    private static readonly string[] ProjectNames = [Registry, Haul, Pilot, Prism];

    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "pulse-test-" + Guid.NewGuid().ToString("N")[..12]);

    public int DashboardPort { get; } = FreePort();

    public IReadOnlyDictionary<string, int> ProjectPorts { get; } = ProjectNames.ToDictionary(name => name, _ => FreePort());

    /// <summary>
    /// The secrets the run is given, by configuration key: its secret parameters (the operator's key, each service's key,
    /// the passwords) and the dashboard's API keys.
    /// </summary>
    public IReadOnlyDictionary<string, string> Secrets { get; } = new Dictionary<string, string>
    {
        [$"Parameters:{PulseApiKey}"] = Secret(),
        [$"Parameters:{ServiceKey(Haul)}"] = Secret(),
        [$"Parameters:{ServiceKey(Pilot)}"] = Secret(),
        [$"Parameters:{ServiceKey(Prism)}"] = Secret(),
        [$"Parameters:{PostgresPassword}"] = Secret(),
        [$"Parameters:{RedisPassword}"] = Secret(),
        ["AppHost:OtlpApiKey"] = Secret(),
        ["AppHost:DashboardApiKey"] = Secret(),
    };

    public ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList = { AppHostAssembly(), $"--AppHost:DataDir={DataDir}", "--AppHost:ContainerRuntime=none" },
            Environment =
            {
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_URLS"] = $"http://localhost:{DashboardPort}",
                ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://localhost:{FreePort()}",
                ["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://localhost:{FreePort()}",
                ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
                ["ASPIRE_VERSION_CHECK_DISABLED"] = "true",
            },
        };
        foreach (var (name, port) in ProjectPorts)
        {
            start.ArgumentList.Add($"--AppHost:Ports:{name}={port}");
        }

        foreach (var (key, value) in Secrets)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return start;
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
        var assembly = Path.Combine(Projects.Pulse_AppHost.ProjectPath, "bin", testOutput.Parent!.Name, testOutput.Name, "Pulse.AppHost.dll");
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
}
