using Pulse.Registry.DownloadClients;

namespace Pulse.Registry.Api.Validation;

/// <summary>A host name or an IP address that a download client's URL can be built with.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
internal sealed class HostNameAttribute() : ValidationAttribute("The field must be a host name or an IP address.")
{
    public override bool IsValid(object? value) => value is not string text || DownloadClientUrl.IsHost(text);
}
