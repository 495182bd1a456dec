using System.Globalization;
using Microsoft.Extensions.Options;

namespace Haul.Sample.Torrents.Sources;

/// <summary>
/// Fetches a .torrent over http(s): <see cref="HaulOptions.FetchTimeout"/> in all (10 s), at most 10 MiB, at most 3
/// redirects (a redirect to a <c>magnet:</c> link is followed into it). Its <see cref="HttpClient"/> has no standard
/// resilience handler: a failed fetch is the caller's <c>422</c>, not a retry. Failures never echo the fetched body.
/// </summary>
internal sealed class TorrentFetcher(IHttpClientFactory httpClientFactory, IOptions<HaulOptions> options, TimeProvider time)
{
    public const string HttpClientName = "Haul.TorrentFetch";

    public async Task<Resolution> FetchAsync(Uri uri, CancellationToken cancellationToken)
    {
        var timeout = options.Value.FetchTimeout;
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await FollowAsync(uri, linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Resolution.CannotResolve(string.Create(CultureInfo.InvariantCulture,
                $"The .torrent could not be fetched within {timeout.TotalSeconds:0.#} s."));
        }
        catch (HttpRequestException exception)
        {
            return Resolution.CannotResolve($"The .torrent could not be fetched ({exception.HttpRequestError}).");
        }
    }

    private async Task<Resolution> FollowAsync(Uri uri, CancellationToken cancellationToken)
    {
        var http = httpClientFactory.CreateClient(HttpClientName);
        for (var redirects = 0; ; redirects++)
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                if (redirects == TorrentLimits.MaxRedirects)
                {
                    return Resolution.CannotResolve($"The .torrent url redirects more than {TorrentLimits.MaxRedirects} times.");
                }

                var target = location.IsAbsoluteUri ? location : new Uri(uri, location);
                if (target.Scheme == "magnet")
                {
                    var magnet = MagnetLink.Resolve(target.OriginalString);
                    return magnet.Torrent is not null ? magnet : Resolution.CannotResolve("The url redirects to an invalid magnet link.");
                }

                if (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps)
                {
                    return Resolution.CannotResolve("The url redirects to a scheme other than http, https or magnet.");
                }

                uri = target;
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                return Resolution.CannotResolve(string.Create(CultureInfo.InvariantCulture,
                    $"Fetching the .torrent failed with HTTP {status}."));
            }

            if (response.Content.Headers.ContentLength > TorrentLimits.MaxTorrentBytes)
            {
                return Resolution.CannotResolve("The .torrent is larger than 10 MiB.");
            }

            var body = await ReadLimitedAsync(response.Content, cancellationToken);
            if (body is null)
            {
                return Resolution.CannotResolve("The .torrent is larger than 10 MiB.");
            }

            return TorrentMetainfo.TryRead(body.Value) is { } torrent
                ? Resolution.Of(torrent)
                : Resolution.CannotResolve("The fetched body is not a torrent file.");
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
