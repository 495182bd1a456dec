using System.Globalization;

namespace Pulse.Hosting.Orchestration;

/// <summary>Reads process facts from Linux's <c>/proc</c>.</summary>
internal static class ProcFs
{
    /// <summary>The process's start time in clock ticks since boot (field 22 of <c>/proc/&lt;pid&gt;/stat</c>).</summary>
    public static ulong? StartTime(int pid) => Stat(pid) is { } stat ? stat.StartTime : null;

    /// <summary>Whether the process exists and is not a zombie waiting to be reaped.</summary>
    public static bool IsRunning(int pid) => Stat(pid) is { State: not 'Z' };

    public static IEnumerable<int> GroupMembersStartedSince(int groupId, ulong leaderStart)
    {
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), CultureInfo.InvariantCulture, out var pid)
                && Stat(pid) is { State: not 'Z' } stat && stat.GroupId == groupId && stat.StartTime >= leaderStart)
            {
                yield return pid;
            }
        }
    }

    private static (char State, int GroupId, ulong StartTime)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null; // the process is gone
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) may hold spaces and parentheses: the fields that follow start after the last ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (fields[0][0], int.Parse(fields[2], CultureInfo.InvariantCulture), ulong.Parse(fields[19], CultureInfo.InvariantCulture));
    }
}
