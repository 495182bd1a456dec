using System.Globalization;

namespace Pulse.Hosting.Orchestration;

/// <summary>
/// A record, in the data folder, of every process group the host started. A host killed with SIGKILL cannot
/// stop its children, so the next host reads the ledger before it starts anything and kills what the last one
/// left behind. A process group's id stays taken while any member lives, and the leader's start time tells a
/// reused id apart, so the cleanup never touches an unrelated process.
/// </summary>
internal sealed class ProcessLedger(string folder, TimeProvider time)
{
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(10);

    public void Record(string resourceName, int pid)
    {
        Directory.CreateDirectory(folder);
        var startTime = ProcFs.StartTime(pid) ?? 0;
        File.WriteAllText(PathOf(resourceName), $"{pid} {startTime.ToString(CultureInfo.InvariantCulture)}");
    }

    public void Forget(string resourceName) => File.Delete(PathOf(resourceName));

    /// <summary>
    /// Kills every process left over from an earlier host and waits (bounded) until they are gone, so that what
    /// starts next finds its ports and lock files free; returns how many it killed.
    /// </summary>
    public async Task<int> KillLeftoversAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var killed = new List<int>();
        foreach (var file in Directory.GetFiles(folder))
        {
            var parts = File.ReadAllText(file).Split(' ');
            if (parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var groupId)
                && ulong.TryParse(parts[1], CultureInfo.InvariantCulture, out var leaderStart))
            {
                killed.AddRange(ProcFs.GroupMembersStartedSince(groupId, leaderStart)
                    .Where(pid => Signals.Send(pid, Signals.SIGKILL)));
            }

            File.Delete(file);
        }

        var started = time.GetTimestamp();
        while (killed.Any(ProcFs.IsRunning) && time.GetElapsedTime(started) < KillWait)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
        }

        return killed.Count;
    }

    private string PathOf(string resourceName) => Path.Combine(folder, resourceName + ".pid");
}
