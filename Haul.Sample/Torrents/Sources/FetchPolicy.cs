using System.Net;

namespace Haul.Sample.Torrents.Sources;

/// <summary>
/// Which addresses a .torrent fetch may connect to. Refused by default: loopback, link-local (the cloud metadata address
/// 169.254.169.254 included), multicast, unspecified and broadcast. Allowed: everything else, private LAN ranges included
/// (a homelab's indexers live there). An address in <c>Haul:Fetch:AllowedNetworks</c> is allowed whatever else says;
/// one in <c>Haul:Fetch:DeniedNetworks</c> or the default ranges is refused. An IPv4-mapped IPv6 address
/// (<c>::ffff:127.0.0.1</c>) counts as the IPv4 address it maps.
/// </summary>
internal sealed class FetchPolicy
{
    /// <summary>The ranges refused unless <c>Haul:Fetch:AllowedNetworks</c> lets them through.</summary>
    public static readonly IReadOnlyList<IPNetwork> DefaultDenied =
    [
        IPNetwork.Parse("127.0.0.0/8"),        // loopback
        IPNetwork.Parse("::1/128"),
        IPNetwork.Parse("169.254.0.0/16"),     // link-local, cloud metadata (169.254.169.254)
        IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("224.0.0.0/4"),        // multicast
        IPNetwork.Parse("ff00::/8"),
        IPNetwork.Parse("0.0.0.0/8"),          // unspecified, "this network" (Linux connects 0.0.0.0 to the host itself)
        IPNetwork.Parse("::/128"),
        IPNetwork.Parse("255.255.255.255/32"), // broadcast
    ];

    private readonly IPNetwork[] _allowed;
    private readonly IPNetwork[] _denied;

    public FetchPolicy(IEnumerable<string> allowedNetworks, IEnumerable<string> deniedNetworks)
    {
        _allowed = [.. allowedNetworks.Select(n => IPNetwork.Parse(n.Trim()))];
        _denied = [.. DefaultDenied, .. deniedNetworks.Select(n => IPNetwork.Parse(n.Trim()))];
    }

    public bool Allows(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        // A scope id (fe80::1%2) plays no part in which network an address is in.
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && address.ScopeId != 0)
        {
            address = new IPAddress(address.GetAddressBytes());
        }

        return Array.Exists(_allowed, n => n.Contains(address)) || !Array.Exists(_denied, n => n.Contains(address));
    }
}
