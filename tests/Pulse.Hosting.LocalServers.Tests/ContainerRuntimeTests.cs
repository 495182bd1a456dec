using Aspire.Hosting;

namespace Pulse.Hosting.LocalServers.Tests;

public sealed class ContainerRuntimeTests
{
    [Fact]
    public void NoneRunsTheServersAsLocalProcessesWithoutAskingAnyEngine()
    {
        var builder = DistributedApplication.CreateBuilder(["--AppHost:ContainerRuntime=none"]);

        Assert.False(builder.UsesContainers());
    }

    [Fact]
    public void AnUnknownValueIsAnErrorNamingTheSetting()
    {
        var builder = DistributedApplication.CreateBuilder(["--AppHost:ContainerRuntime=kubernetes"]);

        var error = Assert.Throws<InvalidOperationException>(() => builder.UsesContainers());
        Assert.Contains("AppHost:ContainerRuntime must be 'auto' or 'none'", error.Message, StringComparison.Ordinal);
    }
}
