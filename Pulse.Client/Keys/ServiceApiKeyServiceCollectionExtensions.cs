using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Pulse.Client.Keys;

/// <summary>Adds a service's own API key, configured or generated once and kept in its data folder.</summary>
public static class ServiceApiKeyServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="ServiceApiKey"/> singleton, read from the service's own options when first asked for: the
    /// configured key if there is one, else the one kept at <c>&lt;DataDir&gt;/api-key</c>, generated on first start
    /// (see <see cref="ServiceApiKeyFile.LoadOrCreate"/>). It logs where the key comes from (the setting's name or
    /// the file's path), never the key. A second call adds nothing.
    /// </summary>
    /// <typeparam name="TOptions">The service's options, which hold its configured key and its data folder.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="setting">The configuration key of the configured key, for the log line (for example <c>Haul:ApiKey</c>).</param>
    /// <param name="configuredKey">Reads the configured key from the options; empty or <see langword="null"/>: none.</param>
    /// <param name="dataDir">Reads the data folder from the options.</param>
    /// <exception cref="InvalidDataException">When the key is first asked for: the key file exists but holds no usable key.</exception>
    public static IServiceCollection AddServiceApiKey<TOptions>(
        this IServiceCollection services, string setting, Func<TOptions, string?> configuredKey, Func<TOptions, string> dataDir)
        where TOptions : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(setting);
        ArgumentNullException.ThrowIfNull(configuredKey);
        ArgumentNullException.ThrowIfNull(dataDir);
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<TOptions>>().Value;
            var logger = provider.GetRequiredService<ILogger<ServiceApiKey>>();
            return Load(configuredKey(options), dataDir(options), setting, logger);
        });
        return services;
    }

    private static ServiceApiKey Load(string? configuredKey, string dataDir, string setting, ILogger logger)
    {
        var key = ServiceApiKeyFile.LoadOrCreate(configuredKey, dataDir);
        if (string.IsNullOrWhiteSpace(configuredKey))
        {
            Log.ServiceKeyKept(logger, Path.Combine(dataDir, ServiceApiKeyFile.FileName));
        }
        else
        {
            Log.ServiceKeyConfigured(logger, setting);
        }

        return new ServiceApiKey(key);
    }
}
