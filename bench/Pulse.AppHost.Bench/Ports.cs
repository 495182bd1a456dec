using System.Net;
using System.Net.Sockets;

namespace Pulse.AppHost.Bench;

internal static class Ports
{
    /// <summary>A localhost port that is free now, so a run never collides with a stack already running here.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
