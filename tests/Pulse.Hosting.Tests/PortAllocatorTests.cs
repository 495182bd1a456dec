using System.Net;
using System.Net.Sockets;
using Pulse.Hosting.Orchestration;

namespace Pulse.Hosting.Tests;

public sealed class PortAllocatorTests
{
    [Fact]
    public void APortInUseIsRefusedWithTheFix()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var error = Assert.Throws<ResourceStartException>(() => PortAllocator.EnsureFree(port, "'registry'", "--AppHost:Ports:registry=<port>"));

        Assert.Equal(
            $"Port {port} for 'registry' is in use — stop what holds it (ss -ltnp 'sport = :{port}'), or choose another with --AppHost:Ports:registry=<port>.",
            error.Message);
    }
}
