using System.Globalization;
using RegistryEntry = Pulse.Client.Registry.DownloadClientRecord;

namespace Pilot.Sample.Sync;

/// <summary>A registry entry's base URL: its <c>api_url</c>, else built from host, port, TLS and URL base.</summary>
internal static class RegistryUrl
{
    public static string? Of(RegistryEntry entry)
    {
        if (!string.IsNullOrEmpty(entry.ApiUrl))
        {
            return entry.ApiUrl.TrimEnd('/');
        }

        if (string.IsNullOrEmpty(entry.Host))
        {
            return null; // a poll-mode client has no address
        }

        var scheme = entry.UseSsl == true ? "https" : "http";
        var port = entry.Port is { } p ? string.Create(CultureInfo.InvariantCulture, $":{p}") : "";
        return $"{scheme}://{entry.Host}{port}{entry.UrlBase?.TrimEnd('/')}";
    }
}
