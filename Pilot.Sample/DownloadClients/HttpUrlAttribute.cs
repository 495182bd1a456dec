using System.ComponentModel.DataAnnotations;

namespace Pilot.Sample.DownloadClients;

/// <summary>An absolute <c>http</c> or <c>https</c> URL.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
internal sealed class HttpUrlAttribute() : ValidationAttribute("The field must be an absolute http or https URL.")
{
    public override bool IsValid(object? value) =>
        value is not string text || (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https");
}
