namespace Pulse.Registry.Services;

/// <summary>The filters of list and discover: capability wins over type.</summary>
internal sealed record ServiceFilter(string? Type, string? Capability, string? Status)
{
    public static readonly ServiceFilter All = new(null, null, null);
}
