namespace Pulse.AppHost.Tests;

/// <summary>A throw-away data folder under /tmp, which the postgres OS user can traverse.</summary>
internal static class TestDataDir
{
    public static string Create() =>
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "pulse-test-" + Guid.NewGuid().ToString("N")[..12])).FullName;
}
