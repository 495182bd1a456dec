using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Haul.Sample.Torrents.Sources;

/// <summary>
/// Haul's fetch policy, the <c>Haul:Fetch</c> configuration section: CIDR networks that change which addresses a
/// .torrent url may reach (<see cref="FetchPolicy"/> has the defaults).
/// </summary>
internal sealed class FetchOptions
{
    public const string Section = "Haul:Fetch";

    /// <summary>Networks Haul may fetch from even when the defaults or <see cref="DeniedNetworks"/> refuse them.</summary>
    [CidrList(Section + ":" + nameof(AllowedNetworks))]
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>Networks Haul refuses besides the default ones (unless also in <see cref="AllowedNetworks"/>).</summary>
    [CidrList(Section + ":" + nameof(DeniedNetworks))]
    public List<string> DeniedNetworks { get; set; } = [];
}

/// <summary>Every entry is a CIDR network (<c>10.0.0.0/8</c>, <c>fd00::/8</c>); the message names the setting and the entry.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class CidrListAttribute(string setting) : ValidationAttribute
{
    public string Setting { get; } = setting;

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        foreach (var entry in value as IEnumerable<string> ?? [])
        {
            if (Problem(entry?.Trim() ?? "") is { } problem)
            {
                return new ValidationResult($"{Setting}: '{entry}' {problem}", [validationContext.MemberName!]);
            }
        }

        return ValidationResult.Success;
    }

    // IPNetwork.Parse would quietly widen 192.168.1.5/24 to the whole /24: a policy setting does not guess.
    private static string? Problem(string entry)
    {
        if (!IPNetwork.TryParse(entry, out var network))
        {
            return "is not a CIDR network (such as 192.168.1.0/24, 127.0.0.1/32 or fd00::/8).";
        }

        return IPAddress.Parse(entry.AsSpan(0, entry.IndexOf('/', StringComparison.Ordinal))).Equals(network.BaseAddress)
            ? null
            : $"has bits set past its prefix: write {network} for the network, or the address with /32 (/128) for one host.";
    }
}
