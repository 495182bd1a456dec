namespace Pulse.Registry.Api.Validation;

/// <summary>An absolute <c>http</c> or <c>https</c> URL with a host, of at most 2,048 characters.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
internal sealed class AbsoluteHttpUrlAttribute() : ValidationAttribute("The field must be an absolute http or https URL of at most 2048 characters.")
{
    public override bool IsValid(object? value) =>
        value is not string text
        || (text.Length <= 2048
            && Uri.TryCreate(text, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && !string.IsNullOrEmpty(uri.Host));
}
