using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Pulse.Registry.Bench;

/// <summary>
/// Blocking readers on raw keep-alive sockets: each sends one pre-formatted HTTP/1.1 request and notes when its answer
/// starts to arrive. Far lighter than <see cref="HttpClient"/>, so a thousand answers arriving at once time the
/// registry, not the client that shares its two cores. The sockets stay open until disposed, so no connection is
/// torn down while answers are still being timed.
/// </summary>
internal sealed class BlockingReaders : IDisposable
{
    private readonly List<Socket> _sockets = [];

    /// <summary>For each reader, the <see cref="Stopwatch"/> timestamp at which its answer arrived.</summary>
    public List<Task<long>> Answers { get; } = [];

    public static async Task<BlockingReaders> StartAsync(Uri server, string pathAndQuery, string key, int count)
    {
        var request = Encoding.ASCII.GetBytes($"GET {pathAndQuery} HTTP/1.1\r\nHost: {server.Authority}\r\nX-Api-Key: {key}\r\n\r\n");
        var readers = new BlockingReaders();
        for (var i = 0; i < count; i++)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            readers._sockets.Add(socket);
            await socket.ConnectAsync(server.Host, server.Port);
            await socket.SendAsync(request);
            readers.Answers.Add(AnswerAsync(socket));
        }

        return readers;
    }

    public void Dispose() => _sockets.ForEach(socket => socket.Dispose());

    private static async Task<long> AnswerAsync(Socket socket)
    {
        var buffer = new byte[4096];
        var read = await socket.ReceiveAsync(buffer);
        var arrived = Stopwatch.GetTimestamp();
        var status = Encoding.ASCII.GetString(buffer, 0, Math.Min(read, 12));
        return status == "HTTP/1.1 200" ? arrived : throw new InvalidOperationException($"A blocking reader got '{status}'.");
    }
}
