using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Pulse.Client;

namespace Pulse.Registry.Bench;

/// <summary>
/// Blocking readers on raw keep-alive sockets: each sends one pre-formatted HTTP/1.1 request, and one dedicated thread
/// polls them all and notes when each answer arrives. No thread-pool hop or continuation per answer, so a thousand
/// answers arriving at once time the registry, not the client that shares its two cores. The sockets stay open until
/// disposed, so no connection is torn down while answers are still being timed.
/// </summary>
internal sealed class BlockingReaders : IDisposable
{
    private readonly List<Socket> _sockets = [];

    public static async Task<BlockingReaders> StartAsync(Uri server, string pathAndQuery, string key, int count)
    {
        var request = Encoding.ASCII.GetBytes($"GET {pathAndQuery} HTTP/1.1\r\nHost: {server.Authority}\r\n{PulseHeaders.ApiKey}: {key}\r\n\r\n");
        var readers = new BlockingReaders();
        for (var i = 0; i < count; i++)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            readers._sockets.Add(socket);
            await socket.ConnectAsync(server.Host, server.Port);
            await socket.SendAsync(request);
        }

        return readers;
    }

    /// <summary>
    /// Starts waiting for every reader's answer; completes with the <see cref="Stopwatch"/> timestamp at which each
    /// arrived, or fails if one is not a <c>200</c> or they do not all arrive within <paramref name="timeout"/>.
    /// </summary>
    public Task<long[]> AnswersAsync(TimeSpan timeout) =>
        Task.Factory.StartNew(() => Collect(timeout), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public void Dispose() => _sockets.ForEach(socket => socket.Dispose());

    private long[] Collect(TimeSpan timeout)
    {
        var pending = new HashSet<Socket>(_sockets);
        var arrivals = new List<long>(_sockets.Count);
        var buffer = new byte[4096];
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (pending.Count > 0)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"{pending.Count} blocking readers got no answer within {timeout}.");
            }

            var ready = pending.ToList();
            Socket.Select(ready, null, null, 100_000);
            var arrived = Stopwatch.GetTimestamp();
            foreach (var socket in ready)
            {
                var read = socket.Receive(buffer);
                var status = Encoding.ASCII.GetString(buffer, 0, Math.Min(read, 12));
                if (status != "HTTP/1.1 200")
                {
                    throw new InvalidOperationException($"A blocking reader got '{status}'.");
                }

                arrivals.Add(arrived);
                pending.Remove(socket);
            }
        }

        return [.. arrivals];
    }
}
