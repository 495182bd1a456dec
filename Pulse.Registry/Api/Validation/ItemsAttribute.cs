namespace Pulse.Registry.Api.Validation;

/// <summary>A list of at most <paramref name="maxCount"/> non-empty strings of at most <paramref name="maxLength"/> characters.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
internal sealed class ItemsAttribute(int maxCount, int maxLength)
    : ValidationAttribute($"The field must hold at most {maxCount} non-empty strings of at most {maxLength} characters.")
{
    public override bool IsValid(object? value) =>
        value is not IReadOnlyCollection<string?> items
        || (items.Count <= maxCount && items.All(item => item is { Length: > 0 } && item.Length <= maxLength));
}
