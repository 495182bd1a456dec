using Pulse.Hosting.Orchestration;

namespace Pulse.Hosting.Tests;

public sealed class ProcessLedgerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pulse-ledger-").FullName;

    [Fact]
    public async Task LeftoversOfAnEarlierHostAreKilledWithTheirWholeGroup()
    {
        var ct = TestContext.Current.CancellationToken;
        // A shell that starts a grandchild in its group, as runuser starts postgres.
        using var leader = ManagedProcess.Start(
            new LaunchSpec("sh", ["-c", "sleep 300 & wait"], "/", new Dictionary<string, string>()), (_, _) => { });
        await WaitUntilAsync(() => GroupOf(leader.Pid).Count == 2, ct);
        var group = GroupOf(leader.Pid);
        new ProcessLedger(_folder, TimeProvider.System).Record("resource", leader.Pid);

        var killed = await new ProcessLedger(_folder, TimeProvider.System).KillLeftoversAsync(ct);

        Assert.Equal(2, killed);
        Assert.DoesNotContain(group, ProcFs.IsRunning);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task AnEntryWhoseProcessIsGoneKillsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        int pid;
        using (var finished = ManagedProcess.Start(new LaunchSpec("true", [], "/", new Dictionary<string, string>()), (_, _) => { }))
        {
            pid = finished.Pid;
            new ProcessLedger(_folder, TimeProvider.System).Record("resource", pid);
            await finished.Exited.WaitAsync(TimeSpan.FromSeconds(10), ct);
        }

        Assert.Equal(0, await new ProcessLedger(_folder, TimeProvider.System).KillLeftoversAsync(ct));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static List<int> GroupOf(int groupId) => ProcFs.GroupMembersStartedSince(groupId, 0).ToList();

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 10 s.");
            await Task.Delay(20, ct);
        }
    }
}
