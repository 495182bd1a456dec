using Microsoft.Extensions.DependencyInjection;

namespace Pulse.ServiceDefaults.Security;

/// <summary>Registers the <see cref="FailedAuthenticationThrottle"/>.</summary>
public static class FailedAuthenticationExtensions
{
    /// <summary>
    /// Adds the throttle every refusal of a key consults (<see cref="ApiKeyAuthentication.ChallengeAsync"/>), with its
    /// settings bound from <see cref="FailedAuthenticationOptions.Section"/> and checked at start.
    /// </summary>
    public static IServiceCollection AddFailedAuthenticationThrottle(this IServiceCollection services)
    {
        services.AddOptions<FailedAuthenticationOptions>().BindConfiguration(FailedAuthenticationOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<FailedAuthenticationThrottle>();
        return services;
    }
}
