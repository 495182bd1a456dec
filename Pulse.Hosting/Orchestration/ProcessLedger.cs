using System.Globalization;

namespace Pulse.Hosting.Orchestration;

/// <summary>
/// A record, in the data folder, of every process group the host started. A host killed with SIGKILL cannot
/// stop its children, so the next host reads the ledger before it starts anything and kills what the last one
/// left behind. A process group's id stays taken while any member lives, and the leader's start time tells a
/// reused id apart, so the cleanup never touches an unrelated process.
/// </summary>
internal sealed class ProcessLedger(string folder)
{
    public void Record(string resourceName, int pid)
    {
        Directory.CreateDirectory(folder);
        var startTime = ProcFs.StartTime(pid) ?? 0;
        File.WriteAllText(PathOf(resourceName), $"{pid} {startTime.ToString(CultureInfo.InvariantCulture)}");
    }

    public void Forget(string resourceName) => File.Delete(PathOf(resourceName));

    /// <summary>Kills every process left over from an earlier host; returns how many it killed.</summary>
    public int KillLeftovers()
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var killed = 0;
        foreach (var file in Directory.GetFiles(folder))
        {
            var parts = File.ReadAllText(file).Split(' ');
            if (parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var groupId)
                && ulong.TryParse(parts[1], CultureInfo.InvariantCulture, out var leaderStart))
            {
                foreach (var pid in ProcFs.GroupMembersStartedSince(groupId, leaderStart))
                {
                    killed += Signals.Send(pid, Signals.SIGKILL) ? 1 : 0;
                }
            }

            File.Delete(file);
        }

        return killed;
    }

    private string PathOf(string resourceName) => Path.Combine(folder, resourceName + ".pid");
}
