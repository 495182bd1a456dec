namespace Pulse.Registry.Principals;

/// <summary>Stops the registry at start on a principal it could not seed, naming the setting.</summary>
internal sealed class PrincipalSettingsValidation(IOptions<ApiKeyOptions> apiKey) : IValidateOptions<PrincipalSettings>
{
    public ValidateOptionsResult Validate(string? name, PrincipalSettings options)
    {
        var errors = new List<string>();
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(apiKey.Value.ApiKey))
        {
            owners[apiKey.Value.ApiKey] = "Pulse:ApiKey";
        }

        foreach (var (principal, settings) in options.Principals.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var prefix = $"Registry:Principals:{principal}";
            if (string.Equals(principal, Principal.OperatorName, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{prefix}: the name {Principal.OperatorName} is reserved for the key in Pulse:ApiKey.");
                continue;
            }

            if (principal.Length > 200)
            {
                errors.Add($"{prefix}: a principal's name is a service name, at most 200 characters.");
            }

            if (string.IsNullOrWhiteSpace(settings.ServiceType))
            {
                errors.Add($"{prefix}:ServiceType must be set: the type the service registers as (e.g. download-client).");
            }
            else if (settings.ServiceType.Length > 50)
            {
                errors.Add($"{prefix}:ServiceType must be at most 50 characters.");
            }

            if (string.IsNullOrEmpty(settings.Key))
            {
                errors.Add($"{prefix}:Key must be set: the service's own registry key.");
            }
            else if (settings.Key.Length is < KeyHash.MinKeyLength or > KeyHash.MaxKeyLength)
            {
                errors.Add($"{prefix}:Key must be {KeyHash.MinKeyLength} to {KeyHash.MaxKeyLength} characters long.");
            }
            else if (!owners.TryAdd(settings.Key, $"{prefix}:Key"))
            {
                errors.Add($"{prefix}:Key is the same key as {owners[settings.Key]}: every principal needs a key of its own.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
