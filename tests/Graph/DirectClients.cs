using System.Net;
using System.Net.Sockets;

namespace Pulse.Testing;

/// <summary>
/// Clients that reach a resource's own process rather than its public endpoint: the proxy in front of every resource
/// connects from 127.0.0.1, so through it every test is one client address; straight to the process, a client bound to
/// another loopback address (127.0.0.2, ...) is a client of its own, as another host would be.
/// </summary>
internal static class DirectClients
{
    /// <summary>The address the resource's process listens on (its <c>ASPNETCORE_URLS</c>), over IPv4 loopback.</summary>
    public static Uri TargetEndpoint(this PulseGraph graph, string resource)
    {
        foreach (var process in graph.ProcessesOf(resource))
        {
            string environment;
            try
            {
                environment = File.ReadAllText($"/proc/{process.Pid}/environ");
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            var urls = environment.Split('\0').FirstOrDefault(entry => entry.StartsWith("ASPNETCORE_URLS=", StringComparison.Ordinal));
            var http = urls?["ASPNETCORE_URLS=".Length..].Split(';').FirstOrDefault(url => url.StartsWith("http://", StringComparison.Ordinal));
            if (http is not null)
            {
                var target = new UriBuilder(http);
                if (target.Host is "localhost" or "+" or "*" or "0.0.0.0" or "[::]")
                {
                    target.Host = IPAddress.Loopback.ToString();
                }

                return target.Uri;
            }
        }

        throw new InvalidOperationException($"No process of '{resource}' has an http URL in ASPNETCORE_URLS.");
    }

    /// <summary>
    /// A client of <paramref name="baseAddress"/> whose connections come from <paramref name="source"/> (a loopback
    /// address; any when <see langword="null"/>), keeping cookies in <paramref name="cookies"/> and not following redirects.
    /// </summary>
    public static HttpClient From(IPAddress? source, Uri baseAddress, CookieContainer? cookies = null)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = cookies is not null,
            CookieContainer = cookies ?? new CookieContainer(),
        };
        if (source is not null)
        {
            handler.ConnectCallback = (context, ct) => ConnectFromAsync(source, context.DnsEndPoint, ct);
        }

        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    private static async ValueTask<Stream> ConnectFromAsync(IPAddress source, DnsEndPoint target, CancellationToken ct)
    {
        var socket = new Socket(source.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        var connected = false;
        try
        {
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(target, ct);
            connected = true;
            return new NetworkStream(socket, ownsSocket: true);
        }
        finally
        {
            if (!connected)
            {
                socket.Dispose();
            }
        }
    }
}
