using Pulse.Hosting.ApplicationModel;

namespace Pulse.Hosting.Tests;

public sealed class ExternalServerTests
{
    [Fact]
    public void AConnectionStringInConfigurationMakesAServerAnExistingOneThatIsNotStarted()
    {
        var builder = DistributedApplication.CreateBuilder([
            "--ConnectionStrings:redis=127.0.0.1:6390,password=existing",
            "--ConnectionStrings:postgres=Host=db.internal;Username=app;Password=existing",
        ]);
        var redis = builder.AddRedis("redis");
        var postgres = builder.AddPostgres("postgres");
        var database = postgres.AddDatabase("appdb");
        var local = builder.AddRedis("cache");

        Assert.True(redis.Resource.IsExternal);
        Assert.Equal("127.0.0.1:6390,password=existing", redis.Resource.GetConnectionString());
        Assert.True(postgres.Resource.IsExternal);
        Assert.Contains("Database=appdb", database.Resource.GetConnectionString());
        Assert.Contains("Host=db.internal", database.Resource.GetConnectionString());
        Assert.False(local.Resource.IsExternal);
    }

    [Fact]
    public void AddConnectionStringNamesTheMissingSetting()
    {
        var builder = DistributedApplication.CreateBuilder([]);

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddConnectionString("legacy"));

        Assert.Contains("ConnectionStrings:legacy", error.Message);
    }

    [Fact]
    public void AddConnectionStringTakesTheConfiguredValue()
    {
        var builder = DistributedApplication.CreateBuilder(["--ConnectionStrings:legacy=Host=old;Password=p"]);

        IResourceWithConnectionString legacy = builder.AddConnectionString("legacy").Resource;

        Assert.Equal("Host=old;Password=p", legacy.GetConnectionString());
    }
}
