using Microsoft.Extensions.Configuration;
using Pulse.Hosting.ApplicationModel;
using Pulse.Hosting.Orchestration;

namespace Pulse.Hosting.Tests;

public sealed class ParameterStoreTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("pulse-params-").FullName;

    [Fact]
    public void AGeneratedParameterIsKeptPrivatelyAndReusedOnTheNextRun()
    {
        var first = Resolve(new ConfigurationBuilder().Build());
        var second = Resolve(new ConfigurationBuilder().Build());

        Assert.Matches("^[0-9a-f]{64}$", first.Value);
        Assert.Equal(first.Value, second.Value);
        Assert.Equal(Path.Combine(_dataDir, "parameters", "api-key"), first.KeptAt);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(first.KeptAt!));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(Path.GetDirectoryName(first.KeptAt)!));
    }

    [Fact]
    public void AConfiguredParameterWinsAndIsNotWritten()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Parameters:api-key"] = "from-config" })
            .Build();

        var parameter = Resolve(configuration);

        Assert.Equal("from-config", parameter.Value);
        Assert.Null(parameter.KeptAt);
        Assert.False(Directory.Exists(Path.Combine(_dataDir, "parameters")));
    }

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    private ParameterResource Resolve(IConfiguration configuration)
    {
        var parameter = new ParameterResource("api-key", secret: true);
        new ParameterStore(_dataDir, configuration).Resolve(parameter);
        return parameter;
    }
}
