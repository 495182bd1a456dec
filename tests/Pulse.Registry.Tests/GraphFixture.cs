using Pulse.ServiceDefaults;

[assembly: AssemblyFixture(typeof(Pulse.Registry.Tests.GraphFixture))]

namespace Pulse.Registry.Tests;

/// <summary>
/// One graph for the whole test assembly: PostgreSQL, Redis and the registry as a real process (the samples held
/// back). Tests own their data through unique service names; in-process registries get databases of their own.
/// </summary>
public sealed class GraphFixture : PulseGraphFixture
{
    public const string ApiKey = "registry-test-key-7d0c9f2b4e614a8f";

    public HttpClient Registry { get; private set; } = null!;

    public string PostgresConnectionString { get; private set; } = "";

    public string RedisConnectionString { get; private set; } = "";

    private protected override PulseGraphOptions Options => new()
    {
        ApiKey = ApiKey,
        HoldBack = new HashSet<string> { PulseResources.Haul, PulseResources.Pilot, PulseResources.Prism },

        // Tests expect every wrong key from 127.0.0.1 to be a 401, dozens a minute: the throttle of failed
        // authentications is tested on in-process registries of its own (FailedAuthenticationThrottleTests).
        Environment = new Dictionary<string, Dictionary<string, string>>
        {
            [PulseResources.Registry] = new() { ["Pulse__FailedAuthentication__PermitLimit"] = "1000000" },
        },
    };

    protected override async ValueTask OnStartedAsync(CancellationToken cancellationToken)
    {
        Registry = CreateClient(ApiKey);
        PostgresConnectionString = await Graph.ConnectionStringAsync(PulseResources.RegistryDatabase, cancellationToken);
        RedisConnectionString = await Graph.ConnectionStringAsync(PulseResources.Redis, cancellationToken);
    }

    /// <summary>A client of the registry process with the given key (or none).</summary>
    public HttpClient CreateClient(string? apiKey) => Graph.CreateHttpClient(PulseResources.Registry, apiKey);

    protected override ValueTask OnStoppedAsync()
    {
        Registry?.Dispose();
        return ValueTask.CompletedTask;
    }
}
