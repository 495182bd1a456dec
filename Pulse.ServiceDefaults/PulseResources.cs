namespace Pulse.ServiceDefaults;

/// <summary>
/// The names of every resource in the Pulse graph, shared by the AppHost and the services so that a
/// connection string or a service-discovery name is spelled in exactly one place.
/// </summary>
public static class PulseResources
{
    /// <summary>The PostgreSQL server.</summary>
    public const string Postgres = "postgres";

    /// <summary>The registry's database.</summary>
    public const string RegistryDatabase = "registrydb";

    /// <summary>Haul's database.</summary>
    public const string HaulDatabase = "hauldb";

    /// <summary>Pilot's database (the TV consumer).</summary>
    public const string PilotDatabase = "pilotdb";

    /// <summary>Prism's database (the movies consumer, which runs Pilot.Sample).</summary>
    public const string PrismDatabase = "prismdb";

    /// <summary>The Redis server.</summary>
    public const string Redis = "redis";

    /// <summary>Pulse.Registry.</summary>
    public const string Registry = "registry";

    /// <summary>Haul.Sample, the download client.</summary>
    public const string Haul = "haul";

    /// <summary>Pilot.Sample run for TV.</summary>
    public const string Pilot = "pilot";

    /// <summary>Pilot.Sample run for movies.</summary>
    public const string Prism = "prism";

    /// <summary>The operator's registry key, which may do everything, a secret parameter.</summary>
    public const string PulseApiKey = "pulse-api-key";

    /// <summary>The PostgreSQL superuser password, a secret parameter.</summary>
    public const string PostgresPassword = "postgres-password";

    /// <summary>The Redis password, a secret parameter.</summary>
    public const string RedisPassword = "redis-password";

    /// <summary>The health-check name of a service's PostgreSQL connection, as reported by <c>/health</c>.</summary>
    public const string PostgresHealthCheck = "postgres";

    /// <summary>The health-check name of a service's Redis connection, as reported by <c>/health</c>.</summary>
    public const string RedisHealthCheck = "redis";

    /// <summary>The services that register with the registry, each with a registry key of its own.</summary>
    public static IReadOnlyList<string> Services { get; } = [Haul, Pilot, Prism];

    /// <summary>The registry type Haul registers as.</summary>
    public const string DownloadClientType = "download-client";

    /// <summary>The registry type Pilot and Prism register as.</summary>
    public const string MediaManagerType = "media-manager";

    /// <summary>
    /// The secret parameter holding a service's own registry key, <c>pulse-key-&lt;service&gt;</c>
    /// (<c>pulse-key-haul</c>, <c>pulse-key-pilot</c>, <c>pulse-key-prism</c>).
    /// </summary>
    public static string ServiceKey(string service) => $"pulse-key-{service}";
}
