using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Pulse.Replicas.Tests;

/// <summary>
/// Relay traffic for one service in poll mode, all through one client (the shared public port): a sender posts a
/// message every 200 ms (each with a key of its own), and the service's side tails its delivery log with a long poll,
/// claims each delivery and completes it. Every call that gets no answer is sent again at once (<see cref="AtOnce"/>).
/// </summary>
internal sealed class RelayTraffic : IAsyncDisposable
{
    private readonly HttpClient _registry;
    private readonly string _service;
    private readonly CancellationTokenSource _stopSending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sender;
    private readonly Task _tail;

    public RelayTraffic(HttpClient registry, string service)
    {
        _registry = registry;
        _service = service;
        _sender = Task.Run(SendAsync);
        _tail = Task.Run(TailAsync);
    }

    /// <summary>The messages posted, by key: the id the registry gave each.</summary>
    public ConcurrentDictionary<string, string> Posted { get; } = new(StringComparer.Ordinal);

    /// <summary>How many times each message was completed (an answer <c>200</c> to <c>complete</c>), by id.</summary>
    public ConcurrentDictionary<string, int> Completions { get; } = new(StringComparer.Ordinal);

    /// <summary>Retries and why; calls whose answer was lost to a broken connection and were found done after (<c>lost answer: ...</c>).</summary>
    public Tally Outcomes { get; } = new();

    /// <summary>Rethrows what broke the sender or the tail, if anything did.</summary>
    public void ThrowIfBroken()
    {
        foreach (var loop in (Task[])[_sender, _tail])
        {
            if (loop.IsFaulted)
            {
                loop.GetAwaiter().GetResult();
            }
        }
    }

    /// <summary>Stops posting; the tail goes on completing what was posted.</summary>
    public async Task StopSendingAsync()
    {
        await _stopSending.CancelAsync();
        try
        {
            await _sender;
        }
        catch (OperationCanceledException) when (_stopSending.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopSendingAsync();
        await _stop.CancelAsync();
        try
        {
            await _tail;
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        finally
        {
            _stop.Dispose();
            _stopSending.Dispose();
        }
    }

    private async Task SendAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        for (var n = 1; await timer.WaitForNextTickAsync(_stopSending.Token); n++)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"m-{n}");

            // Sent again after a broken connection, the key makes the retry one message: a live message of the same key
            // takes it (200) instead of a second one.
            using var response = await CallAsync(HttpMethod.Post, "messages", new { type = "replica.test", key, payload = new { n } }, _stopSending.Token);
            Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, $"Posting {key}: {(int)response.StatusCode}");
            Posted[key] = (await response.Content.ReadFromJsonAsync<JsonElement>(_stopSending.Token)).GetProperty("message_id").GetString()!;
        }
    }

    private async Task TailAsync()
    {
        var cursor = "0";
        while (!_stop.IsCancellationRequested)
        {
            using var response = await CallAsync(HttpMethod.Get, $"deliveries?after={cursor}&wait=2s", body: null, _stop.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.Content.ReadFromJsonAsync<JsonElement>(_stop.Token);
            foreach (var delivery in page.GetProperty("deliveries").EnumerateArray())
            {
                await ProcessAsync(delivery.GetProperty("message_id").GetString()!);
            }

            cursor = page.GetProperty("next_cursor").GetString()!;
        }
    }

    private async Task ProcessAsync(string message)
    {
        long epoch;
        using (var claim = await CallAsync(HttpMethod.Post, $"messages/{message}/claim", body: null, _stop.Token))
        {
            if (claim.StatusCode == HttpStatusCode.OK)
            {
                epoch = (await claim.Content.ReadFromJsonAsync<JsonElement>(_stop.Token)).GetProperty("epoch").GetInt64();
            }
            else
            {
                // A 409 after a retry: the claim that lost its answer went through. This test is the message's one
                // claimer and each claim adds one to both the epoch and the attempts, so the epoch is the attempt count.
                Assert.Equal(HttpStatusCode.Conflict, claim.StatusCode);
                var state = await StateAsync(message);
                if (state.GetProperty("status").GetString() != "claimed")
                {
                    Outcomes.Add("delivery of a finished message: " + state.GetProperty("status").GetString());
                    return;
                }

                Outcomes.Add("lost answer: claim");
                epoch = state.GetProperty("attempts").GetInt64();
            }
        }

        using var complete = await CallAsync(HttpMethod.Post, $"messages/{message}/complete", new { epoch, result = new { done = message } }, _stop.Token);
        if (complete.StatusCode == HttpStatusCode.OK)
        {
            Completions.AddOrUpdate(message, 1, (_, count) => count + 1);
            return;
        }

        // A 409 after a retry: the completion that lost its answer went through, if the message is completed with this result.
        Assert.Equal(HttpStatusCode.Conflict, complete.StatusCode);
        var after = await StateAsync(message);
        Assert.Equal("completed", after.GetProperty("status").GetString());
        Assert.Equal(message, after.GetProperty("result").GetProperty("done").GetString());
        Outcomes.Add("lost answer: complete");
        Completions.AddOrUpdate(message, 1, (_, count) => count + 1);
    }

    /// <summary>The message as the registry has it now.</summary>
    public async Task<JsonElement> StateAsync(string message)
    {
        using var response = await CallAsync(HttpMethod.Get, $"messages/{message}", body: null, CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<HttpResponseMessage> CallAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        AtOnce.SendAsync(_registry, () => new HttpRequestMessage(method, $"/api/v1/services/{_service}/{path}")
        {
            Content = body is null ? null : JsonContent.Create(body),
        }, Outcomes, cancellationToken);
}
