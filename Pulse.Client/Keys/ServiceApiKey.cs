namespace Pulse.Client.Keys;

/// <summary>
/// A service's own API key: the one its callers must send as <c>X-Api-Key</c>, and the one it registers with Pulse as
/// its <c>ServiceApiKey</c>. Added by
/// <see cref="ServiceApiKeyServiceCollectionExtensions.AddServiceApiKey{TOptions}(Microsoft.Extensions.DependencyInjection.IServiceCollection, string, Func{TOptions, string?}, Func{TOptions, string})"/>.
/// </summary>
public sealed class ServiceApiKey
{
    /// <summary>Wraps <paramref name="value"/>, which must not be empty.</summary>
    public ServiceApiKey(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        Value = value;
    }

    /// <summary>The key itself: never log it.</summary>
    public string Value { get; }

    /// <summary>Names the type only, so a key printed by mistake shows nothing of its value.</summary>
    public override string ToString() => nameof(ServiceApiKey);
}
