using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Pulse.Hosting.LocalServers.Tests;

public sealed class ExistingServerTests
{
    private const string Server = "Host=db.example.net;Port=5433;Username=pulse;Password=from-the-operator";

    [Fact]
    public async Task AConfiguredConnectionStringMakesTheServerAndItsDatabasesPointAtThatServer()
    {
        var builder = DistributedApplication.CreateBuilder([$"--ConnectionStrings:postgres={Server}", "--AppHost:ContainerRuntime=none"]);

        var postgres = builder.AddPostgresServer("postgres", builder.AddParameter("postgres-password", secret: true));
        var database = postgres.AddPostgresDatabase("registrydb");

        Assert.IsAssignableFrom<ParameterResource>(postgres.Resource);
        Assert.Equal(Server, await postgres.Resource.ConnectionStringExpression.GetValueAsync(TestContext.Current.CancellationToken));
        Assert.Equal($"{Server};Database=registrydb",
            await database.Resource.ConnectionStringExpression.GetValueAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AConfiguredRedisIsUsedAsItIs()
    {
        const string redisServer = "cache.example.net:6380,password=from-the-operator";
        var builder = DistributedApplication.CreateBuilder([$"--ConnectionStrings:redis={redisServer}", "--AppHost:ContainerRuntime=none"]);

        var redis = builder.AddRedisServer("redis", builder.AddParameter("redis-password", secret: true));

        Assert.IsAssignableFrom<ParameterResource>(redis.Resource);
        Assert.Equal(redisServer, await redis.Resource.ConnectionStringExpression.GetValueAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void WithoutOneTheServersRunAsLocalProcesses()
    {
        var dataDir = Directory.CreateTempSubdirectory("pulse-test-");
        try
        {
            var builder = DistributedApplication.CreateBuilder(["--AppHost:ContainerRuntime=none", $"--AppHost:DataDir={dataDir.FullName}"]);

            var postgres = builder.AddPostgresServer("postgres", builder.AddParameter("postgres-password", secret: true));
            var redis = builder.AddRedisServer("redis", builder.AddParameter("redis-password", secret: true));

            Assert.IsType<LocalPostgresServerResource>(postgres.Resource);
            Assert.IsType<LocalRedisResource>(redis.Resource);
        }
        finally
        {
            dataDir.Delete(recursive: true);
        }
    }
}
