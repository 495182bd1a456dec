namespace Pulse.Registry.Api.Validation;

/// <summary>A UUID, as text.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
internal sealed class UuidAttribute() : ValidationAttribute("The field must be a UUID.")
{
    public override bool IsValid(object? value) => value is not string text || Guid.TryParse(text, out _);
}
