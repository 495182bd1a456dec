using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Pulse.Registry.Bench;

/// <summary>One heartbeat: when it was sent and when it ended (<see cref="Stopwatch"/> timestamps), and why it failed (null: <c>204</c>).</summary>
internal readonly record struct Beat(long Started, long Ended, string? Failure);

/// <summary>
/// One client heartbeating one service in a loop, as a service does, but every <c>pause</c> instead of every 30 s, and
/// retrying after the same pause when a heartbeat fails. It has one connection of its own, kept alive; or, with
/// <c>freshConnections</c>, a new connection for every heartbeat (<c>Connection: close</c>), to see where the proxy
/// sends new connections.
/// </summary>
internal sealed class HeartbeatLoop(Uri server, string key, string id, bool freshConnections) : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 1, ConnectTimeout = Timeout })
    {
        BaseAddress = server,
        Timeout = Timeout,
    };

    private long _lastSuccess;
    private long _lastFailure;

    /// <summary>Every heartbeat sent, in order; read it once <see cref="RunAsync"/> has ended.</summary>
    public List<Beat> Beats { get; } = [];

    public bool EverServed => Volatile.Read(ref _lastSuccess) != 0;

    /// <summary>Whether no heartbeat failed after <paramref name="since"/>, or one succeeded after the last that did.</summary>
    public bool ServedAfterFailuresSince(long since) =>
        Volatile.Read(ref _lastFailure) is var failure && (failure < since || Volatile.Read(ref _lastSuccess) > failure);

    /// <summary>Heartbeats until <paramref name="stop"/>; a heartbeat in flight then is let finish (at most its timeout).</summary>
    public async Task RunAsync(TimeSpan pause, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/services/{id}/heartbeat");
            request.Headers.Add("X-Api-Key", key);
            request.Headers.ConnectionClose = freshConnections;
            var started = Stopwatch.GetTimestamp();
            string? failure;
            try
            {
                using var response = await _http.SendAsync(request, CancellationToken.None);
                failure = response.StatusCode == HttpStatusCode.NoContent ? null : ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            }
            catch (HttpRequestException exception)
            {
                failure = exception.HttpRequestError.ToString();
            }
            catch (TaskCanceledException)
            {
                failure = "Timeout";
            }

            var ended = Stopwatch.GetTimestamp();
            Beats.Add(new Beat(started, ended, failure));
            Volatile.Write(ref failure is null ? ref _lastSuccess : ref _lastFailure, ended);
            try
            {
                await Task.Delay(pause, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public void Dispose() => _http.Dispose();
}
