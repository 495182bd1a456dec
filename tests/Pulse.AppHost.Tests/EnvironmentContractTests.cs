using Aspire.Hosting.Testing;
using Npgsql;
using Pulse.ServiceDefaults;
using StackExchange.Redis;
using static Pulse.ServiceDefaults.PulseResources;

namespace Pulse.AppHost.Tests;

/// <summary>What each project's process really received from the AppHost, read from /proc.</summary>
[Collection(GraphCollection.Name)]
public sealed class EnvironmentContractTests(GraphFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public static TheoryData<string, string?, string, string> Projects => new()
    {
        // project, its options section (null: it keeps no file, so it gets no data folder), its connection name, the
        // database behind it
        { Registry, null, RegistryDatabase, RegistryDatabase },
        { Haul, "Haul", HaulDatabase, HaulDatabase },
        { Pilot, "Pilot", PilotDatabase, PilotDatabase },
        { Prism, "Pilot", PilotDatabase, PrismDatabase },
    };

    [Theory]
    [MemberData(nameof(Projects))]
    public async Task AProjectReceivesItsDatabaseItsPublicUrlTheKeyItsDataFolderAndTelemetrySettings(
        string project, string? section, string connectionName, string database)
    {
        var graph = fixture.Graph;
        var environment = ProjectProcess.Of(graph, project).Environment();

        Assert.Equal(await graph.ConnectionStringAsync(database, _ct), environment[$"ConnectionStrings__{connectionName}"]);
        Assert.Equal(graph.Endpoint(project), new Uri(environment["Pulse__ApiUrl"]));
        // The registry holds the operator's key; each service its own, never the operator's.
        Assert.Equal(project == Registry ? GraphFixture.ApiKey : graph.KeyOf(project), environment["Pulse__ApiKey"]);
        if (section is null)
        {
            Assert.DoesNotContain(environment.Keys, name => name.EndsWith("__DataDir", StringComparison.Ordinal));
        }
        else
        {
            Assert.Equal(graph.DataDirOf(project), environment[$"{section}__DataDir"]);
        }

        Assert.Equal(project, environment["OTEL_SERVICE_NAME"]);
        Assert.Equal(graph.App.GetEndpoint(DashboardTelemetry.Resource, "otlp-grpc"), new Uri(environment["OTEL_EXPORTER_OTLP_ENDPOINT"]));
        Assert.Contains("service.instance.id=", environment["OTEL_RESOURCE_ATTRIBUTES"]);

        // The AppHost's quick telemetry shutdown: one try per batch, 2 s.
        Assert.False(environment.ContainsKey("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"));
        Assert.Equal("2000", environment["OTEL_EXPORTER_OTLP_TIMEOUT"]);
    }

    [Fact]
    public async Task TheRegistryAloneGetsRedisAndTheSamplesDiscoverTheRegistry()
    {
        var graph = fixture.Graph;
        var registry = ProjectProcess.Of(graph, Registry).Environment();
        Assert.Equal(await graph.ConnectionStringAsync(Redis, _ct), registry["ConnectionStrings__redis"]);
        Assert.DoesNotContain(registry.Keys, name => name.StartsWith("services__registry__", StringComparison.Ordinal));

        foreach (var sample in (string[])[Haul, Pilot, Prism])
        {
            var environment = ProjectProcess.Of(graph, sample).Environment();
            Assert.Equal(graph.Endpoint(Registry), new Uri(environment["services__registry__http__0"]));
            Assert.False(environment.ContainsKey("ConnectionStrings__redis"), $"{sample} got Redis");
        }

        var prism = ProjectProcess.Of(graph, Prism).Environment();
        Assert.Equal(Prism, prism["Pilot__Name"]);
        Assert.Equal("movies", prism["Pilot__Content"]);
    }

    [Fact]
    public void TheRegistryKnowsEachServiceByItsOwnKeyNameAndType()
    {
        var graph = fixture.Graph;
        var registry = ProjectProcess.Of(graph, Registry).Environment();
        foreach (var (service, type, consumer) in (ReadOnlySpan<(string, string, bool)>)
            [(Haul, DownloadClientType, false), (Pilot, MediaManagerType, true), (Prism, MediaManagerType, true)])
        {
            Assert.Equal(graph.KeyOf(service), registry[$"Registry__Principals__{service}__Key"]);
            Assert.Equal(type, registry[$"Registry__Principals__{service}__ServiceType"]);
            Assert.Equal(consumer, registry.TryGetValue($"Registry__Principals__{service}__Consumer", out var value) && bool.Parse(value));
        }
    }

    [Fact]
    public void TheRegistryRecompilesItsHotCodeAtTierOneAfterTheRuntimesDelayWhileTheOtherProjectsWaitASecond()
    {
        // Under load, each first call of a method restarts the delay: with 1 s the registry's request path stayed at
        // tier 0 through a minute of 10,000 registrations and flat-out heartbeats, and a heartbeat cost three times the CPU.
        var graph = fixture.Graph;
        Assert.False(ProjectProcess.Of(graph, Registry).Environment().ContainsKey("DOTNET_TC_CallCountingDelayMs"));
        foreach (var sample in (string[])[Haul, Pilot, Prism])
        {
            Assert.Equal("3E8", ProjectProcess.Of(graph, sample).Environment()["DOTNET_TC_CallCountingDelayMs"]);
        }
    }

    [Fact]
    public async Task PostgresRefusesAConnectionWithoutThePassword()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(await fixture.Graph.ConnectionStringAsync(RegistryDatabase, _ct))
        {
            Pooling = false,
        };
        Assert.Equal(PulseResources.Postgres, connectionString.Username);
        await using (var withPassword = new NpgsqlConnection(connectionString.ConnectionString))
        {
            await withPassword.OpenAsync(_ct);
        }

        connectionString.Password = null;
        await using var withoutPassword = new NpgsqlConnection(connectionString.ConnectionString);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => withoutPassword.OpenAsync(_ct));

        connectionString.Password = "not-the-password";
        await using var wrongPassword = new NpgsqlConnection(connectionString.ConnectionString);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => wrongPassword.OpenAsync(_ct));
        Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
    }

    [Fact]
    public async Task RedisRefusesCommandsWithoutThePassword()
    {
        var options = ConfigurationOptions.Parse(await fixture.Graph.ConnectionStringAsync(Redis, _ct));
        Assert.False(string.IsNullOrEmpty(options.Password));
        await using (var withPassword = await ConnectionMultiplexer.ConnectAsync(options))
        {
            await withPassword.GetDatabase().PingAsync();
        }

        options.Password = null;
        options.AbortOnConnectFail = true;
        await Assert.ThrowsAnyAsync<RedisException>(async () =>
        {
            await using var withoutPassword = await ConnectionMultiplexer.ConnectAsync(options);
            await withoutPassword.GetDatabase().StringSetAsync("apphost-test-key", "value");
        });
    }
}
