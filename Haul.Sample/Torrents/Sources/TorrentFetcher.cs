using System.Globalization;
using Microsoft.Extensions.Options;

namespace Haul.Sample.Torrents.Sources;

/// <summary>
/// Fetches a .torrent over http(s): <see cref="HaulOptions.FetchTimeout"/> in all (10 s), at most 10 MiB, at most 3
/// redirects (a redirect to a <c>magnet:</c> link is followed into it). Every connection, each redirect's included, goes
/// through the <see cref="GuardedConnector"/> (<see cref="FetchPolicy"/>). Its <see cref="HttpClient"/> has no standard
/// resilience handler (a failed fetch is the caller's <c>422</c>, not a retry) and no service discovery. The caller
/// learns only that the fetch was refused or failed, never what answered: the
/// remote's status, the socket error and the body go to the log at most, and the log names only the url's origin.
/// </summary>
internal sealed class TorrentFetcher(
    IHttpClientFactory httpClientFactory, IOptions<HaulOptions> options, TimeProvider time, ILogger<TorrentFetcher> logger)
{
    public const string HttpClientName = "Haul.TorrentFetch";

    public const string Refused = "The .torrent fetch was refused by Haul's fetch policy.";

    public const string Failed = "The .torrent fetch failed.";

    public async Task<Resolution> FetchAsync(Uri uri, CancellationToken cancellationToken)
    {
        var timeout = options.Value.FetchTimeout;
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var current = uri;
        try
        {
            return await FollowAsync(uri, target => current = target, linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Fail(current, string.Create(CultureInfo.InvariantCulture, $"no answer within {timeout.TotalSeconds:0.#} s"));
        }
        catch (HttpRequestException exception) when (exception.InnerException is FetchRefusedException refused)
        {
            Log.FetchRefused(logger, Origin(current), $"{refused.Host} is {string.Join(", ", refused.Addresses)}");
            return Resolution.CannotResolve(Refused);
        }
        catch (HttpRequestException exception)
        {
            return Fail(current, $"{exception.HttpRequestError}: {exception.Message}");
        }
    }

    // Even Haul's own limits (size, redirects, a body that is no torrent) stay in the log: telling the caller which one
    // broke would tell it that something answered at that address.
    private Resolution Fail(Uri uri, string reason)
    {
        Log.FetchFailed(logger, Origin(uri), reason);
        return Resolution.CannotResolve(Failed);
    }

    // The scheme, host and port: a url's path and query may carry an indexer's passkey, never logged.
    private static string Origin(Uri uri) => $"{uri.Scheme}://{uri.Authority}";

    private async Task<Resolution> FollowAsync(Uri uri, Action<Uri> following, CancellationToken cancellationToken)
    {
        var http = httpClientFactory.CreateClient(HttpClientName);
        for (var redirects = 0; ; redirects++)
        {
            following(uri);
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                if (redirects == TorrentLimits.MaxRedirects)
                {
                    return Fail(uri, $"more than {TorrentLimits.MaxRedirects} redirects");
                }

                var target = location.IsAbsoluteUri ? location : new Uri(uri, location);
                if (target.Scheme == "magnet")
                {
                    var magnet = MagnetLink.Resolve(target.OriginalString);
                    return magnet.Torrent is not null ? magnet : Fail(uri, "a redirect to an invalid magnet link");
                }

                if (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps)
                {
                    Log.FetchRefused(logger, Origin(uri), $"it redirects to a {target.Scheme}: url");
                    return Resolution.CannotResolve(Refused);
                }

                uri = target;
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                return Fail(uri, string.Create(CultureInfo.InvariantCulture, $"HTTP {status}"));
            }

            if (response.Content.Headers.ContentLength > TorrentLimits.MaxTorrentBytes)
            {
                return Fail(uri, "larger than 10 MiB");
            }

            var body = await ReadLimitedAsync(response.Content, cancellationToken);
            if (body is null)
            {
                return Fail(uri, "larger than 10 MiB");
            }

            return TorrentMetainfo.TryRead(body.Value) is { } torrent
                ? Resolution.Of(torrent)
                : Fail(uri, "the body is not a torrent file");
        }
    }

    // Reads at most 10 MiB; null if the body is longer (a missing or lying Content-Length included).
    private static async Task<ReadOnlyMemory<byte>?> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > TorrentLimits.MaxTorrentBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
