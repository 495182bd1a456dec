namespace Haul.Sample.Torrents.Sources;

/// <summary>Resolves the <c>uri</c> of <c>POST /api/v1/torrents</c> by its scheme: magnet, http(s) or data.</summary>
internal sealed class TorrentUriResolver(TorrentFetcher fetcher)
{
    public async Task<Resolution> ResolveAsync(string uri, CancellationToken cancellationToken)
    {
        uri = uri.Trim();
        if (uri.StartsWith("magnet:", StringComparison.OrdinalIgnoreCase))
        {
            return MagnetLink.Resolve(uri);
        }

        if (uri.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return DataUri.Resolve(uri);
        }

        if (uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return Uri.TryCreate(uri, UriKind.Absolute, out var url) && !string.IsNullOrEmpty(url.Host)
                ? await fetcher.FetchAsync(url, cancellationToken)
                : Resolution.BadInput("The http(s) url is malformed.");
        }

        return Resolution.BadInput("Unknown uri scheme: use magnet:, http(s): or data:application/x-bittorrent;base64,.");
    }
}
