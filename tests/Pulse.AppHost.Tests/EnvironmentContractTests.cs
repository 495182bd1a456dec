using Npgsql;
using Pulse.ServiceDefaults;
using StackExchange.Redis;

namespace Pulse.AppHost.Tests;

[Collection(FullGraphCollection.Name)]
public sealed class EnvironmentContractTests(FullGraphFixture graph)
{
    [Fact]
    public async Task ProjectsReceiveAspiresEnvironmentContract()
    {
        var ct = TestContext.Current.CancellationToken;
        var app = graph.App;
        var registryUrl = app.Endpoint(PulseResources.Registry).Url.ToString().TrimEnd('/');

        var registry = ProcessEnvironment.Of(app.GetProcessId(PulseResources.Registry)!.Value);
        Assert.Equal(await app.GetConnectionStringAsync(PulseResources.RegistryDatabase, ct), registry["ConnectionStrings__registrydb"]);
        Assert.Equal(await app.GetConnectionStringAsync(PulseResources.Redis, ct), registry["ConnectionStrings__redis"]);
        Assert.Equal(registryUrl, registry["ASPNETCORE_URLS"]);
        Assert.Equal(FullGraphFixture.ApiKey, registry["Pulse__ApiKey"]);
        Assert.Equal(PulseResources.Registry, registry["OTEL_SERVICE_NAME"]);
        Assert.Equal($"http://127.0.0.1:{app.Options.OtlpPort}", registry["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("http/protobuf", registry["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.StartsWith("x-otlp-api-key=", registry["OTEL_EXPORTER_OTLP_HEADERS"]);
        Assert.StartsWith("service.instance.id=registry-", registry["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal("always_on", registry["OTEL_TRACES_SAMPLER"]);
        Assert.Equal("1000", registry["OTEL_BSP_SCHEDULE_DELAY"]);

        var haul = ProcessEnvironment.Of(app.GetProcessId(PulseResources.Haul)!.Value);
        Assert.Equal(registryUrl, haul["services__registry__http__0"]);
        Assert.Contains("Database=hauldb", haul["ConnectionStrings__hauldb"]);
        Assert.Equal(Path.Combine(app.Options.DataDir, PulseResources.Haul), haul["Haul__DataDir"]);

        var prism = ProcessEnvironment.Of(app.GetProcessId(PulseResources.Prism)!.Value);
        Assert.Contains("Database=prismdb", prism["ConnectionStrings__pilotdb"]);
        Assert.Equal("movies", prism["Pilot__Content"]);
    }

    [Fact]
    public async Task PostgresRefusesAConnectionWithoutThePassword()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = new NpgsqlConnectionStringBuilder(await graph.App.GetConnectionStringAsync(PulseResources.RegistryDatabase, ct))
        {
            Password = null,
            Pooling = false,
        };
        Assert.Equal(PulseResources.Postgres, connectionString.Username);

        await using var withoutPassword = new NpgsqlConnection(connectionString.ConnectionString);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => withoutPassword.OpenAsync(ct));

        connectionString.Password = "not-the-password";
        await using var wrongPassword = new NpgsqlConnection(connectionString.ConnectionString);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => wrongPassword.OpenAsync(ct));
        Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
    }

    [Fact]
    public async Task RedisRefusesCommandsWithoutThePassword()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = ConfigurationOptions.Parse((await graph.App.GetConnectionStringAsync(PulseResources.Redis, ct))!);
        Assert.False(string.IsNullOrEmpty(options.Password));

        await using var withPassword = await ConnectionMultiplexer.ConnectAsync(options);
        await withPassword.GetDatabase().PingAsync();

        options.Password = null;
        options.AbortOnConnectFail = true;
        await Assert.ThrowsAnyAsync<RedisException>(async () =>
        {
            await using var withoutPassword = await ConnectionMultiplexer.ConnectAsync(options);
            await withoutPassword.GetDatabase().StringSetAsync("key", "value");
        });
    }
}
