using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Pulse.Client.Catalog;

/// <summary>Adds the <see cref="DownloadClientCatalog"/> to a consumer.</summary>
public static class DownloadClientCatalogExtensions
{
    /// <summary>
    /// Follows the registry's download clients and hands each complete list to <typeparamref name="TObserver"/>.
    /// Uses the <c>Pulse</c> section's <c>Url</c> and <c>ApiKey</c>; an empty URL disables it.
    /// </summary>
    public static IServiceCollection AddPulseDownloadClientCatalog<TObserver>(this IServiceCollection services)
        where TObserver : class, IDownloadClientCatalogObserver
    {
        services.AddPulseRegistryClient();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDownloadClientCatalogObserver, TObserver>();
        services.TryAddSingleton<DownloadClientCatalog>();
        services.AddHostedService(provider => provider.GetRequiredService<DownloadClientCatalog>());
        return services;
    }
}
