using System.Net;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Pulse.ServiceDefaults;

namespace Pulse.Bench;

/// <summary>How the benchmarks start the graph through <c>PulseGraph</c>, beyond what a test asks for.</summary>
internal static class BenchGraph
{
    /// <summary>
    /// AppHost arguments that keep a benchmark's console to its figures: the resources' console lines, and the health
    /// checks that fail while the graph comes up, are not echoed.
    /// </summary>
    public static IReadOnlyList<string> QuietArgs { get; } =
    [
        "--Logging:LogLevel:Default=Warning",
        "--Logging:LogLevel:Aspire.Hosting.Dcp=Error",
        "--Logging:LogLevel:Pulse.AppHost.Resources=None",
        "--Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks=None",
    ];

    /// <summary>The services' environment: Production, as deployed, unless <c>DOTNET_ENVIRONMENT</c> says otherwise.</summary>
    public static string EnvironmentName { get; } = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Production";

    /// <summary>
    /// Each project's environment variables: <paramref name="variables"/>, and <see cref="EnvironmentName"/> as
    /// <c>DOTNET_ENVIRONMENT</c> (Aspire does not pass its own environment on to the projects).
    /// </summary>
    public static Dictionary<string, Dictionary<string, string>> ProjectEnvironment(
        IReadOnlyDictionary<string, Dictionary<string, string>>? variables = null)
    {
        string[] projects = [PulseResources.Registry, PulseResources.Haul, PulseResources.Pilot, PulseResources.Prism];
        return projects.ToDictionary(
            project => project,
            project => new Dictionary<string, string>(variables?.GetValueOrDefault(project) ?? [])
            {
                ["DOTNET_ENVIRONMENT"] = EnvironmentName,
            });
    }

    /// <summary>
    /// Takes Aspire's development proxy out of the way of the load: every project listens on its public endpoint
    /// itself, on a free port of its own (the proxy, a TCP relay in Aspire's orchestrator, would take a share of the
    /// two cores that the load generator and the service share). The port stays the same when a project restarts.
    /// </summary>
    public static void WithoutProxies(IDistributedApplicationTestingBuilder builder)
    {
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            var port = FreePort();
            builder.CreateResourceBuilder(project).WithEndpoint("http", endpoint =>
            {
                endpoint.IsProxied = false;
                endpoint.Port = port;
                endpoint.TargetPort = port;
            });
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
