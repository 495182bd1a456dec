using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Pulse.Client.Relay;

/// <summary>Adds the relay runner to a service registered in poll mode.</summary>
public static class PulseRelayExtensions
{
    /// <summary>
    /// Runs the <see cref="RelayRunner"/>: once <see cref="PulseServiceCollectionExtensions.AddPulseRegistration"/> has
    /// registered the service, it tails the service's deliveries and hands each message to the
    /// <see cref="IPulseRelayHandler"/> of its type (add them with <see cref="AddPulseRelayHandler{THandler}"/>).
    /// Options come from <c>Pulse:Relay</c>, then <paramref name="configure"/>; they are validated at start.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options (at least <see cref="PulseRelayOptions.CursorFolder"/>).</param>
    /// <returns>The options builder.</returns>
    public static OptionsBuilder<PulseRelayOptions> AddPulseRelay(this IServiceCollection services, Action<PulseRelayOptions>? configure = null)
    {
        var options = services.AddOptions<PulseRelayOptions>().BindConfiguration(PulseRelayOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.CursorFolder), "Pulse:Relay:CursorFolder must be set: the relay keeps its cursor there.")
            .Validate(o => o.Wait >= TimeSpan.Zero && o.Wait <= TimeSpan.FromMinutes(10), "Pulse:Relay:Wait must be between 0 and 10 minutes.")
            .Validate(o => o.InitialBackoff > TimeSpan.Zero && o.MaxBackoff >= o.InitialBackoff && o.MaxBackoff <= TimeSpan.FromDays(1),
                "Pulse:Relay:InitialBackoff must be positive and Pulse:Relay:MaxBackoff at least as long, and at most a day.")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddPulseRelayClient();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RelayRunner>();
        services.AddHostedService(provider => provider.GetRequiredService<RelayRunner>());
        return options;
    }

    /// <summary>
    /// Adds the <see cref="PulseRelayClient"/> alone: for a sender that posts messages to a poll-mode service and reads
    /// their outcome (for example a consumer relaying its grabs).
    /// </summary>
    public static IServiceCollection AddPulseRelayClient(this IServiceCollection services)
    {
        services.AddPulseRegistryClient();
        services.TryAddSingleton<PulseRelayClient>();
        return services;
    }

    /// <summary>Adds the handler of one message type (its <see cref="IPulseRelayHandler.MessageType"/>).</summary>
    public static IServiceCollection AddPulseRelayHandler<THandler>(this IServiceCollection services)
        where THandler : class, IPulseRelayHandler
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPulseRelayHandler, THandler>());
        return services;
    }
}
