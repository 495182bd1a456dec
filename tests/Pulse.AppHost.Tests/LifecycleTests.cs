namespace Pulse.AppHost.Tests;

/// <summary>The host as a person runs it: no process outlives it, a SIGKILLed host is cleaned up after, no secret printed.</summary>
public sealed class LifecycleTests : IDisposable
{
    private readonly string _dataDir = TestDataDir.Create();

    [Fact]
    public async Task AKilledHostsProcessesAreCleanedUpByTheNextStartAndAGracefulStopLeavesNothing()
    {
        var ct = TestContext.Current.CancellationToken;

        using var first = AppHostProcess.Start(_dataDir);
        await first.WaitForOutputAsync("Pulse AppHost is up", ct);
        var leftBehind = HostProcesses.Using(_dataDir, exceptPid: first.Pid);
        Assert.True(leftBehind.Count >= 6, $"Expected the graph's processes, found {leftBehind.Count}.");

        first.KillHard();
        await first.WaitForExitAsync(ct);
        Assert.Contains(leftBehind, HostProcesses.IsAlive); // SIGKILL gives the host no chance: they are orphans now

        using var second = AppHostProcess.Start(_dataDir);
        await second.WaitForOutputAsync("Pulse AppHost is up", ct);
        Assert.DoesNotContain(leftBehind, HostProcesses.IsAlive);
        Assert.Contains("an earlier AppHost left running", second.Output);

        second.Terminate();
        Assert.Equal(0, await second.WaitForExitAsync(ct));
        Assert.DoesNotContain(HostProcesses.Using(_dataDir), HostProcesses.IsAlive);

        var secrets = Directory.GetFiles(Path.Combine(_dataDir, "parameters")).Select(File.ReadAllText).ToList();
        Assert.Equal(3, secrets.Count);
        foreach (var service in (string[])["haul", "pilot", "prism"])
        {
            var keyFile = Path.Combine(_dataDir, service, "api-key");
            Assert.Contains($"kept at {keyFile}", second.Output);
            secrets.Add(File.ReadAllText(keyFile));
        }

        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, first.Output + second.Output);
        }
    }

    [Fact]
    public async Task AMissingRedisServerIsAClearErrorNamingTheFix()
    {
        var ct = TestContext.Current.CancellationToken;
        var tools = Directory.CreateDirectory(Path.Combine(_dataDir, "tools")).FullName;
        foreach (var tool in (string[])["dotnet", "setsid", "runuser", "chown"])
        {
            File.CreateSymbolicLink(Path.Combine(tools, tool), OnPath(tool));
        }

        using var host = AppHostProcess.Start(Path.Combine(_dataDir, "data"), new Dictionary<string, string> { ["PATH"] = tools });

        Assert.Equal(1, await host.WaitForExitAsync(ct));
        Assert.Contains("redis-server not found — apt-get install redis-server, or set ConnectionStrings:redis", host.Output);
        Assert.DoesNotContain(HostProcesses.Using(_dataDir), HostProcesses.IsAlive);
    }

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    private static string OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(folder => Path.Combine(folder, program))
            .First(File.Exists);
}
