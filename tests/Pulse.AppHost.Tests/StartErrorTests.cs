namespace Pulse.AppHost.Tests;

public sealed class StartErrorTests
{
    [Fact]
    public async Task AMissingRedisServerStopsTheAppHostWithAnErrorNamingTheFix()
    {
        var ct = TestContext.Current.CancellationToken;
        var emptyPath = Directory.CreateTempSubdirectory("pulse-test-path-");
        var temp = Directory.CreateTempSubdirectory("pulse-test-tmp-");
        try
        {
            // PostgreSQL is still found (Debian's /usr/lib/postgresql/<version>/bin); redis-server only on PATH.
            using var run = new AppHostRun(new Dictionary<string, string> { ["PATH"] = emptyPath.FullName, ["TMPDIR"] = temp.FullName });

            Assert.NotEqual(0, await run.WaitForExitAsync(ct));
            Assert.Contains("redis-server not found — apt-get install redis-server, or run with a container engine.", run.Output);
            Assert.DoesNotContain("Starting DCP", run.Output);

            // The orchestrator's launcher and certificate, written as the AppHost began, are gone with it.
            Assert.Empty(temp.EnumerateFileSystemInfos("pulse-*"));
        }
        finally
        {
            emptyPath.Delete(recursive: true);
            temp.Delete(recursive: true);
        }
    }
}
