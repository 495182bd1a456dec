using Pulse.ServiceDefaults;

[assembly: AssemblyFixture(typeof(Pulse.Replicas.Tests.ReplicaGraphFixture))]

namespace Pulse.Replicas.Tests;

/// <summary>
/// One graph for the whole test assembly: the AppHost's own, with the registry as three replicas behind its one
/// public port, Haul, Pilot and Prism running, and short intervals (a 2 s heartbeat, a 6 s lease, a sweep every
/// second). Tests run one at a time; a test that stops, kills or freezes a replica brings it back before it ends.
/// </summary>
public sealed class ReplicaGraphFixture : IAsyncLifetime
{
    public const int ReplicaCount = 3;
    public const string ApiKey = "replica-test-pulse-key-5e1c7a9d03b64f28";
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan LeasePeriod = HeartbeatInterval * 3;
    public static readonly TimeSpan InstanceGoneAfter = TimeSpan.FromSeconds(4);

    private PulseGraph? _graph;

    internal PulseGraph Graph => _graph ?? throw new InvalidOperationException("The graph has not started.");

    /// <summary>The registry replicas' ids (<c>registry-abcdefgh</c>), in a fixed order.</summary>
    public IReadOnlyList<string> Replicas => Graph.Replicas(PulseResources.Registry);

    public string RedisConnectionString { get; private set; } = "";

    public string PostgresConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _graph = await PulseGraph.StartAsync(new PulseGraphOptions
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
            },
        }, ct);
        RedisConnectionString = await Graph.ConnectionStringAsync(PulseResources.Redis, ct);
        PostgresConnectionString = await Graph.ConnectionStringAsync(PulseResources.RegistryDatabase, ct);
    }

    /// <summary>A client of the registry's public port: Aspire's proxy spreads its connections over the replicas.</summary>
    internal HttpClient Registry(string? apiKey = ApiKey) => Graph.CreateHttpClient(PulseResources.Registry, apiKey);

    /// <summary>A client of one replica alone, at its own address.</summary>
    internal HttpClient Replica(string replica, string? apiKey = ApiKey) => Graph.CreateReplicaClient(replica, apiKey);

    /// <summary>A replica's instance name, as the registry names itself (its <c>service.instance.id</c>).</summary>
    public static string InstanceNameOf(string replica) => replica[(replica.LastIndexOf('-') + 1)..];

    public async ValueTask DisposeAsync()
    {
        if (_graph is not null)
        {
            await _graph.DisposeAsync();
        }
    }
}
