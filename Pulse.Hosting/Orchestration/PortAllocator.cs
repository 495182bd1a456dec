using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Pulse.Hosting.ApplicationModel;

namespace Pulse.Hosting.Orchestration;

/// <summary>
/// Gives every endpoint its port: <c>AppHost:Ports:&lt;resource&gt;</c> if configured, else the graph's fixed port,
/// else (or always, when ports are randomized for tests) a free one. A fixed port in use is a clear error.
/// </summary>
internal static class PortAllocator
{
    public static void Allocate(ResourceEndpoint endpoint, string resourceName, AppHostOptions options, IConfiguration configuration)
    {
        var configured = configuration.GetValue<int?>($"{AppHostOptions.Section}:Ports:{resourceName}");
        var fixedPort = configured ?? (options.RandomizePorts ? null : endpoint.DesiredPort);
        if (fixedPort is { } port && port != 0)
        {
            EnsureFree(port, $"'{resourceName}'", $"--{AppHostOptions.Section}:Ports:{resourceName}=<port>");
            endpoint.Port = port;
        }
        else
        {
            endpoint.Port = FreePort();
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static void EnsureFree(int port, string owner, string howToChange)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
        }
        catch (SocketException)
        {
            throw new ResourceStartException(
                $"Port {port} for {owner} is in use — stop what holds it (ss -ltnp 'sport = :{port}'), or choose another with {howToChange}.");
        }
    }
}
