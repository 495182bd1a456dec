using Pulse.ServiceDefaults;

[assembly: AssemblyFixture(typeof(Pulse.Replicas.Tests.ReplicaGraphFixture))]

namespace Pulse.Replicas.Tests;

/// <summary>
/// One graph for the whole test assembly: the AppHost's own, with the registry as three replicas behind its one
/// public port, Haul, Pilot and Prism running, and short intervals (a 2 s heartbeat, a 6 s lease, a sweep every
/// second). Tests run one at a time; a test that stops, kills or freezes a replica brings it back before it ends.
/// </summary>
public sealed class ReplicaGraphFixture : PulseGraphFixture
{
    public const int ReplicaCount = 3;
    public const string ApiKey = "replica-test-pulse-key-5e1c7a9d03b64f28";
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan LeasePeriod = HeartbeatInterval * 3;
    public static readonly TimeSpan InstanceGoneAfter = TimeSpan.FromSeconds(4);

    // The samples' own API keys, so tests can call Haul, Pilot and Prism.
    public const string HaulKey = "replica-test-haul-key-8c3f1e5a92d07b46";
    public const string PilotKey = "replica-test-pilot-key-2a7d9c0e4f6b1385";
    public const string PrismKey = "replica-test-prism-key-5b0e8f2d6a9c3174";

    /// <summary>The registry replicas' ids (<c>registry-abcdefgh</c>), in a fixed order.</summary>
    public IReadOnlyList<string> Replicas => Graph.Replicas(PulseResources.Registry);

    public string RedisConnectionString { get; private set; } = "";

    public string PostgresConnectionString { get; private set; } = "";

    private protected override PulseGraphOptions Options => new()
    {
        ApiKey = ApiKey,
        Args = [$"--AppHost:RegistryReplicas={ReplicaCount}"],
        Environment = new Dictionary<string, Dictionary<string, string>>
        {
            [PulseResources.Registry] = new()
            {
                ["Registry__HeartbeatInterval"] = HeartbeatInterval.ToString(),
                ["Registry__LeaseIntervals"] = "3",
                ["Registry__SweepInterval"] = "00:00:01",
                ["Registry__InstanceGoneAfter"] = InstanceGoneAfter.ToString(),

                // Every test client connects from 127.0.0.1: no throttling of the wrong keys some tests send.
                ["Pulse__FailedAuthentication__PermitLimit"] = "1000000",
            },
            [PulseResources.Haul] = new() { ["Haul__ApiKey"] = HaulKey },
            [PulseResources.Pilot] = new() { ["Pilot__ApiKey"] = PilotKey },
            [PulseResources.Prism] = new() { ["Pilot__ApiKey"] = PrismKey },
        },
    };

    protected override async ValueTask OnStartedAsync(CancellationToken cancellationToken)
    {
        RedisConnectionString = await Graph.ConnectionStringAsync(PulseResources.Redis, cancellationToken);
        PostgresConnectionString = await Graph.ConnectionStringAsync(PulseResources.RegistryDatabase, cancellationToken);
    }

    /// <summary>A client of the registry's public port: Aspire's proxy spreads its connections over the replicas.</summary>
    internal HttpClient Registry(string? apiKey = ApiKey) => Graph.CreateHttpClient(PulseResources.Registry, apiKey);

    /// <summary>A client of one replica alone, at its own address.</summary>
    internal HttpClient Replica(string replica, string? apiKey = ApiKey) => Graph.CreateReplicaClient(replica, apiKey);

    /// <summary>A client of a sample (Haul, Pilot or Prism) with its own API key.</summary>
    internal HttpClient Sample(string sample) => Graph.CreateHttpClient(sample, sample switch
    {
        PulseResources.Haul => HaulKey,
        PulseResources.Pilot => PilotKey,
        PulseResources.Prism => PrismKey,
        _ => throw new ArgumentException($"'{sample}' is not a sample.", nameof(sample)),
    });

    /// <summary>A replica's instance name, as the registry names itself (its <c>service.instance.id</c>).</summary>
    public static string InstanceNameOf(string replica) => replica[(replica.LastIndexOf('-') + 1)..];
}
