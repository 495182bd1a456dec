using System.Net;
using System.Net.Sockets;

namespace Pulse.Testing;

/// <summary>
/// A loopback port that refuses every connection and stays the test's until disposed: a socket bound to it that never
/// listens (Linux answers a connection to it with a reset). A port found free and let go could be taken by anyone meanwhile.
/// </summary>
internal sealed class RefusingPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public RefusingPort()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public void Dispose() => _socket.Dispose();
}
