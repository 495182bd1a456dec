namespace Pulse.Registry.DownloadClients;

/// <summary>
/// A download client's URL is kept whole, as a <see cref="Uri"/>; Beacon's split address (<c>port</c>,
/// <c>use_ssl</c>, <c>url_base</c>) is derived from it only where it leaves the registry: the API's entries and the
/// table's columns.
/// </summary>
internal static class DownloadClientUrl
{
    /// <summary>The URL of a manual entry, from Beacon's fields.</summary>
    public static Uri Of(string host, int port, bool useSsl) =>
        new UriBuilder(useSsl ? Uri.UriSchemeHttps : Uri.UriSchemeHttp, host, port).Uri;

    /// <summary>
    /// Whether <paramref name="host"/> is a host name or an IP address whose URL reads back as a URL once stored:
    /// <see cref="Uri.CheckHostName"/> takes some text (a lone right-to-left override, for one) that makes a URL no
    /// <see cref="Uri"/> parses again.
    /// </summary>
    public static bool IsHost(string host)
    {
        if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            return false;
        }

        try
        {
            return Uri.TryCreate(Of(host, 80, useSsl: false).ToString(), UriKind.Absolute, out _);
        }
        catch (UriFormatException)
        {
            return false;
        }
    }

    /// <summary>Whether the client is reached over TLS; null without a URL (poll mode).</summary>
    public static bool? UsesSsl(Uri? url) => url is null ? null : url.Scheme == Uri.UriSchemeHttps;

    /// <summary>The path under which the client's API lives, without its last <c>/</c>; null for none.</summary>
    public static string? UrlBase(Uri? url) => url?.AbsolutePath.TrimEnd('/') is { Length: > 0 } path ? path : null;
}
