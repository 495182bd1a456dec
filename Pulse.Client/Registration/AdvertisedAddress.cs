using Microsoft.AspNetCore.Http;

namespace Pulse.Client.Registration;

/// <summary>Turns the web server's bound addresses into the URL to advertise.</summary>
internal static class AdvertisedAddress
{
    /// <summary>
    /// The first <c>http</c> address (else the first one), with a wildcard host (<c>0.0.0.0</c>, <c>[::]</c>, <c>+</c>,
    /// <c>*</c>) replaced by the machine's name so that other machines can reach it. Null when there is none.
    /// </summary>
    public static string? Pick(IEnumerable<string> boundAddresses)
    {
        var addresses = boundAddresses.Select(BindingAddress.Parse).ToList();
        var chosen = addresses.FirstOrDefault(a => a.Scheme == Uri.UriSchemeHttp) ?? addresses.FirstOrDefault();
        if (chosen is null)
        {
            return null;
        }

        var host = chosen.Host is "0.0.0.0" or "[::]" or "::" or "+" or "*" ? Environment.MachineName.ToLowerInvariant() : chosen.Host;
        return string.Create(CultureInfo.InvariantCulture, $"{chosen.Scheme}://{host}:{chosen.Port}{chosen.PathBase}");
    }
}
