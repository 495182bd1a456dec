using System.Net;
using System.Net.Sockets;

namespace Haul.Sample.Tests;

/// <summary>
/// A TCP listener that never accepts: a connection made to it waits in its backlog, so <see cref="WasConnectedTo"/>
/// tells whether anything reached it. It stands for a loopback service (the registry, PostgreSQL) Haul must not reach.
/// </summary>
public sealed class SilentListener : IDisposable
{
    private readonly TcpListener _listener;

    public SilentListener(IPAddress address)
    {
        _listener = new TcpListener(address, 0);
        _listener.Start();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Whether a connection has been made to it (and waits, never accepted).</summary>
    public bool WasConnectedTo => _listener.Pending();

    /// <summary>A .torrent url on this listener's port at <paramref name="host"/> (a name or an address literal).</summary>
    public Uri Url(string host) => new($"http://{host}:{Port}/secret.torrent?passkey=listener-passkey");

    public void Dispose() => _listener.Dispose();
}
