using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pulse.Client.Keys;

namespace Pulse.Client.Tests;

public sealed class ServiceApiKeyTests : IDisposable
{
    private const string Setting = "Sample:ApiKey";
    private static readonly UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly string _root = Directory.CreateTempSubdirectory("pulse-service-key-").FullName;
    private readonly List<ServiceProvider> _providers = [];

    private string DataDir => Path.Combine(_root, "sample");

    private string KeyFile => Path.Combine(DataDir, ServiceApiKeyFile.FileName);

    [Fact]
    public void AGeneratedKeyIsKeptIn0600InA0700FolderAndTheSameKeyComesBackAfterARestart()
    {
        var firstLogs = new LogRecorder();
        var first = Start(configuredKey: null, firstLogs).GetRequiredService<ServiceApiKey>();
        var secondLogs = new LogRecorder();
        var second = Start(configuredKey: "  ", secondLogs).GetRequiredService<ServiceApiKey>();

        Assert.Matches("^[0-9a-f]{64}$", first.Value);
        Assert.Equal(first.Value, second.Value);
        Assert.Equal(first.Value, File.ReadAllText(KeyFile));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(KeyFile));
        Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(DataDir));
        foreach (var logs in new[] { firstLogs, secondLogs })
        {
            var line = Assert.Single(logs.WithEvent("ServiceKeyKept"));
            Assert.Equal($"The service's API key is kept at {KeyFile}", line.Message);
            Assert.DoesNotContain(logs.Lines, l => l.Message.Contains(first.Value, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void AConfiguredKeyWinsOverAKeptOneAndTheLogNamesTheSettingNeverTheKey()
    {
        Directory.CreateDirectory(DataDir);
        File.WriteAllText(KeyFile, "kept-key");
        var logs = new LogRecorder();

        var key = Start(configuredKey: " configured-key ", logs).GetRequiredService<ServiceApiKey>();

        Assert.Equal("configured-key", key.Value);
        Assert.Equal("kept-key", File.ReadAllText(KeyFile));
        var line = Assert.Single(logs.WithEvent("ServiceKeyConfigured"));
        Assert.Equal($"The service's API key is configured by {Setting}", line.Message);
        Assert.Empty(logs.WithEvent("ServiceKeyKept"));
        Assert.DoesNotContain(logs.Lines, l => l.Message.Contains("configured-key", StringComparison.Ordinal));
    }

    [Fact]
    public void AConfiguredKeyWritesNothing()
    {
        Start(configuredKey: "configured-key", new LogRecorder()).GetRequiredService<ServiceApiKey>();

        Assert.False(Directory.Exists(DataDir));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n")]
    public void AnEmptyKeyFileIsAnErrorThatNamesTheFileAndIsNeverReplacedByANewKey(string content)
    {
        Directory.CreateDirectory(DataDir);
        File.WriteAllText(KeyFile, content);
        var services = Start(configuredKey: null, new LogRecorder());

        var error = Assert.Throws<InvalidDataException>(services.GetRequiredService<ServiceApiKey>);

        Assert.Contains($"'{KeyFile}' is empty", error.Message, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllText(KeyFile));
    }

    [Fact]
    public void TheKeyIsReadOnceAndAPrintedKeyShowsNothingOfItsValue()
    {
        var services = Start(configuredKey: null, new LogRecorder());
        var key = services.GetRequiredService<ServiceApiKey>();
        File.Delete(KeyFile);

        Assert.Same(key, services.GetRequiredService<ServiceApiKey>());
        Assert.Equal(nameof(ServiceApiKey), key.ToString());
        Assert.DoesNotContain(key.Value, $"{key}", StringComparison.Ordinal);
    }

    private ServiceProvider Start(string? configuredKey, LogRecorder logs)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(logs));
        services.Configure<SampleOptions>(options =>
        {
            options.ApiKey = configuredKey;
            options.DataDir = DataDir;
        });
        services.AddServiceApiKey<SampleOptions>(Setting, options => options.ApiKey, options => options.DataDir);
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider;
    }

    public void Dispose()
    {
        foreach (var provider in _providers)
        {
            provider.Dispose();
        }

        Directory.Delete(_root, recursive: true);
    }

    private sealed class SampleOptions
    {
        public string? ApiKey { get; set; }

        public string DataDir { get; set; } = "";
    }
}
