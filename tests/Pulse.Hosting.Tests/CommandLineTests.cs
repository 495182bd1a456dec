namespace Pulse.Hosting.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void FreshIsASwitchThatBecomesTheFreshSetting()
    {
        var builder = DistributedApplication.CreateBuilder(["--fresh", "--AppHost:DataDir=/tmp/somewhere"]);
        var app = builder.Build();

        Assert.True(app.Options.Fresh);
        Assert.Equal("/tmp/somewhere", app.Options.DataDir);
    }

    [Fact]
    public void ResourceNamesAreUniqueInTheGraph()
    {
        var builder = DistributedApplication.CreateBuilder([]);
        builder.AddParameter("key");

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddRedis("key"));
        Assert.Contains("'key'", error.Message);
    }
}
