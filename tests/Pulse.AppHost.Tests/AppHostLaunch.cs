using System.Diagnostics;
using static Pulse.ServiceDefaults.PulseResources;

namespace Pulse.AppHost.Tests;

/// <summary>
/// How a person starts Pulse.AppHost (<c>dotnet Pulse.AppHost.dll</c>, the "http" launch profile's settings as
/// environment variables), made safe to run beside anyone else: Aspire picks every port the run would fix (the
/// dashboard's, OTLP's, the projects'; <c>DcpPublisher:RandomizePorts</c>, as Aspire.Hosting.Testing does), so it never
/// collides with an interactive run on 18888 or 9696, and the AppHost prints where each one answers; its secrets are
/// given, so it writes none into the AppHost's user secrets; its data folder is a fresh one; PostgreSQL and Redis run as
/// local processes.
/// </summary>
internal sealed class AppHostLaunch
{
    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "pulse-test-" + Guid.NewGuid().ToString("N")[..12]);

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
            ArgumentList =
            {
                AppHostAssembly(), $"--AppHost:DataDir={DataDir}", "--AppHost:ContainerRuntime=none", "--DcpPublisher:RandomizePorts=true",
            },
            Environment =
            {
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_URLS"] = "http://localhost:18888",
                ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = "http://localhost:18889",
                ["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = "http://localhost:18890",
                ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
                ["ASPIRE_VERSION_CHECK_DISABLED"] = "true",
            },
        };
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

    private static string Secret() => "apphost-run-" + Guid.NewGuid().ToString("N");
}
