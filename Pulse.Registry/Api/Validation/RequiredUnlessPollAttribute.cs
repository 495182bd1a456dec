namespace Pulse.Registry.Api.Validation;

/// <summary>
/// Required unless the registration's <c>delivery_mode</c> is <c>poll</c> (an unknown mode counts as the default,
/// push). An attribute rather than <see cref="IValidatableObject"/>, which runs only once every attribute holds: the
/// error must come with the others.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class RequiredUnlessPollAttribute() : ValidationAttribute("The field is required unless delivery_mode is poll.")
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        value is null && (validationContext.ObjectInstance as RegisterServiceRequest)?.DeliveryMode != DeliveryModes.Poll
            ? new ValidationResult(ErrorMessageString, validationContext.MemberName is { } member ? [member] : null)
            : ValidationResult.Success;
}
