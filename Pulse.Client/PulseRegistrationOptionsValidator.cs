namespace Pulse.Client;

/// <summary>Checks the options at start against the registry's limits on a registration, naming the setting at fault.</summary>
internal sealed class PulseRegistrationOptionsValidator : IValidateOptions<PulseRegistrationOptions>
{
    public ValidateOptionsResult Validate(string? name, PulseRegistrationOptions options)
    {
        if (!options.IsEnabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        CheckUrl(failures, "Pulse:Url", options.PulseUrl, required: true);
        CheckLength(failures, "Pulse:ServiceName", options.ServiceName, 200, required: true);
        CheckLength(failures, "Pulse:ServiceType", options.ServiceType, 50, required: true);
        CheckUrl(failures, "Pulse:ApiUrl", options.ApiUrl, required: false);
        CheckUrl(failures, "Pulse:HealthUrl", options.HealthUrl, required: false);
        CheckLength(failures, "Pulse:Version", options.Version, 64, required: false);
        CheckLength(failures, "Pulse:ServiceApiKey", options.ServiceApiKey, 256, required: false);
        if (options.Capabilities.Count > 64 || options.Capabilities.Any(c => string.IsNullOrWhiteSpace(c) || c.Length > 100))
        {
            failures.Add("Pulse:Capabilities must hold at most 64 non-empty strings of at most 100 characters.");
        }

        if (options.Metadata is { Length: > 16 * 1024 })
        {
            failures.Add("Pulse:Metadata must be at most 16 KiB.");
        }

        if (options.HeartbeatInterval is { } heartbeat && heartbeat <= TimeSpan.Zero)
        {
            failures.Add("Pulse:HeartbeatInterval must be positive.");
        }

        if (options.BackgroundRetryInterval <= TimeSpan.Zero)
        {
            failures.Add("Pulse:BackgroundRetryInterval must be positive.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add("Pulse:RequestTimeout must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckLength(List<string> failures, string key, string? value, int max, bool required)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                failures.Add($"{key} is required when Pulse:Url is set.");
            }
        }
        else if (value.Length > max)
        {
            failures.Add($"{key} must be at most {max} characters.");
        }
    }

    private static void CheckUrl(List<string> failures, string key, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                failures.Add($"{key} is required.");
            }
        }
        else if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{key} must be an absolute http or https URL.");
        }
    }
}
