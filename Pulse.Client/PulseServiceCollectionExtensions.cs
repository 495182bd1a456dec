using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Pulse.Client.Registration;

namespace Pulse.Client;

/// <summary>Adds Pulse self-registration to a service.</summary>
public static class PulseServiceCollectionExtensions
{
    /// <summary>The name of the registration's health check, as <c>/health</c> reports it.</summary>
    public const string HealthCheckName = "pulse";

    /// <summary>
    /// Registers the service with the Pulse registry once its web server listens, keeps the registration alive with
    /// heartbeats and leaves on graceful shutdown. Options come from the <c>Pulse</c> section, then
    /// <paramref name="configure"/>; they are validated at start. Adds <see cref="IPulseRegistration"/>, the
    /// <see cref="PulseRegistryClient"/> (its <see cref="HttpClient"/> has no standard resilience handler: the SDK
    /// applies its own retry policy) and a health check named <see cref="HealthCheckName"/>.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="configure">Sets the service's own options (name, type, capabilities) after configuration.</param>
    /// <returns>The options builder, to configure options from other services (for example a generated key).</returns>
    public static OptionsBuilder<PulseRegistrationOptions> AddPulseRegistration(
        this IHostApplicationBuilder builder, Action<PulseRegistrationOptions>? configure = null)
    {
        var services = builder.Services;
        var options = services.AddOptions<PulseRegistrationOptions>()
            .BindConfiguration(PulseRegistrationOptions.Section)
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PulseRegistrationOptions>, PulseRegistrationOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddPulseRegistryClient();
        services.TryAddSingleton<RegistrationStateHolder>();
        services.TryAddSingleton<IPulseRegistration>(sp => sp.GetRequiredService<RegistrationStateHolder>());
        services.TryAddSingleton<RegistrationLoop>();
        services.AddHostedService<RegistrationHostedService>();
        services.AddHealthChecks().AddCheck<RegistrationHealthCheck>(HealthCheckName);
        return options;
    }

    /// <summary>
    /// Adds the <see cref="PulseRegistryClient"/> alone (for a consumer that reads the registry without registering),
    /// with its own <see cref="HttpClient"/> from which every resilience handler is removed.
    /// </summary>
    public static IServiceCollection AddPulseRegistryClient(this IServiceCollection services)
    {
        services.AddOptions<PulseRegistrationOptions>().BindConfiguration(PulseRegistrationOptions.Section);
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is experimental, but it is the way to drop the standard handler.
        services.AddHttpClient(PulseRegistryClient.HttpClientName).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        services.TryAddSingleton<PulseRegistryClient>();
        return services;
    }
}
