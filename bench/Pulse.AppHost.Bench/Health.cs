using System.Net;

namespace Pulse.AppHost.Bench;

/// <summary>Polls health endpoints until each answers <c>200</c>, and notes when each first did.</summary>
internal static class Health
{
    // Often enough for a start measured in seconds, seldom enough not to load the start it measures: each poll goes
    // through Aspire's proxy and, once a service listens, runs its database and Redis checks.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private static readonly HttpClient Http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(1) })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };

    /// <summary>
    /// Waits until every URL answers <c>200</c>; returns, per name, the time since <paramref name="process"/> was
    /// launched at which it first did. Fails when the process exits first or <paramref name="deadline"/> passes.
    /// </summary>
    public static async Task<Dictionary<string, TimeSpan>> WaitAllAsync(
        ChildProcess process, IReadOnlyDictionary<string, Uri> urls, TimeSpan deadline)
    {
        var healthy = new Dictionary<string, TimeSpan>();
        using var poll = new PeriodicTimer(PollInterval);
        while (healthy.Count < urls.Count)
        {
            var pending = urls.Where(url => !healthy.ContainsKey(url.Key)).ToList();
            var answers = await Task.WhenAll(pending.Select(url => AnsweredAtAsync(process, url.Value)));
            foreach (var (url, answeredAt) in pending.Zip(answers))
            {
                if (answeredAt is { } at)
                {
                    healthy[url.Key] = at;
                }
            }

            if (healthy.Count == urls.Count)
            {
                break;
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException($"The process exited before {string.Join(", ", pending.Select(p => p.Key))} answered. Its last lines:\n{process.Tail}");
            }

            if (process.SinceLaunch > deadline)
            {
                throw new TimeoutException(
                    $"{string.Join(", ", urls.Keys.Except(healthy.Keys))} did not answer 200 within {deadline.TotalSeconds:0} s. The last lines:\n{process.Tail}");
            }

            await poll.WaitForNextTickAsync();
        }

        return healthy;
    }

    // When the URL answered 200 (time since the process's launch), or null.
    private static async Task<TimeSpan?> AnsweredAtAsync(ChildProcess process, Uri url)
    {
        try
        {
            using var response = await Http.GetAsync(url);
            return response.StatusCode == HttpStatusCode.OK ? process.SinceLaunch : null;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return null; // not listening yet, or not answering yet
        }
    }
}
