using Pulse.Client.Keys;

namespace Pulse.Client.Tests;

public sealed class ServiceApiKeyFileTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "pulse-key-" + Guid.NewGuid().ToString("N"), "haul");

    [Fact]
    public void AGeneratedKeyIs64LowercaseHexCharsKeptIn0600AndSurvivesARestart()
    {
        var first = ServiceApiKeyFile.LoadOrCreate(null, _dataDir);
        var second = ServiceApiKeyFile.LoadOrCreate("", _dataDir);

        Assert.Matches("^[0-9a-f]{64}$", first);
        Assert.Equal(first, second);
        var path = Path.Combine(_dataDir, ServiceApiKeyFile.FileName);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_dataDir));
    }

    [Fact]
    public void AConfiguredKeyWinsAndNothingIsWritten()
    {
        Assert.Equal("configured-key", ServiceApiKeyFile.LoadOrCreate("configured-key", _dataDir));
        Assert.False(File.Exists(Path.Combine(_dataDir, ServiceApiKeyFile.FileName)));
    }

    public void Dispose()
    {
        var root = Path.GetDirectoryName(_dataDir)!;
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
