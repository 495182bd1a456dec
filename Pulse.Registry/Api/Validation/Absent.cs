namespace Pulse.Registry.Api.Validation;

/// <summary>The contract's rule for optional text: an empty string means absent, as <c>null</c> does.</summary>
internal static class Absent
{
    public static string? IfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
