using System.Net;
using System.Net.Sockets;

namespace Haul.Sample.Torrents.Sources;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> of Haul's fetch client: resolves the host itself, checks every
/// address against the <see cref="FetchPolicy"/> and connects only to an allowed one. The check is on the address
/// actually connected to, at connect time, so DNS rebinding cannot slip past and every redirect's connection is checked.
/// </summary>
internal sealed class GuardedConnector(FetchPolicy policy)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var host = endpoint.Host.TrimStart('[').TrimEnd(']');
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        var allowed = Array.FindAll(addresses, policy.Allows);
        if (allowed.Length == 0)
        {
            throw new FetchRefusedException(host, addresses);
        }

        // An IPv4-mapped address (::ffff:192.168.1.20) is connected to as the IPv4 address it is.
        SocketException? last = null;
        foreach (var address in allowed.Select(a => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a))
        {
            Socket? socket = new(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken);
                var stream = new NetworkStream(socket, ownsSocket: true);
                socket = null;
                return stream;
            }
            catch (SocketException exception)
            {
                last = exception;
            }
            finally
            {
                socket?.Dispose();
            }
        }

        throw last!;
    }
}
