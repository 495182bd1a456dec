using System.Globalization;
using System.Runtime.InteropServices;

namespace Pulse.Testing;

/// <summary>
/// A process as Linux's /proc shows it. Its start time makes it unique: a pid that was reused by a later process
/// is not the same process.
/// </summary>
internal sealed partial record LinuxProcess(int Pid, int ParentPid, long StartTime, IReadOnlyList<string> CommandLine)
{
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigContinue = 18;
    public const int SigStop = 19;

    /// <summary>
    /// The program's file name: <c>dcp</c>, <c>postgres</c>, <c>Haul.Sample</c>. Servers that retitle themselves write
    /// more into argv[0] (<c>redis-server 127.0.0.1:6379</c>, <c>postgres: checkpointer</c>); their name is its first word.
    /// </summary>
    public string Program => CommandLine.Count == 0 ? "" : Path.GetFileName(CommandLine[0].Split(' ')[0]).TrimEnd(':');

    /// <summary>Every process running now.</summary>
    public static IReadOnlyList<LinuxProcess> All() =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(folder => int.TryParse(Path.GetFileName(folder), out var pid) ? Read(pid) : null)
            .OfType<LinuxProcess>()];

    /// <summary>The process with this pid, or null when there is none (or it is a zombie: it has exited).</summary>
    public static LinuxProcess? Read(int pid)
    {
        try
        {
            // "pid (comm) state ppid ... starttime(22nd field) ...": comm may hold spaces and parentheses.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] == "Z")
            {
                return null;
            }

            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            return new LinuxProcess(
                pid, int.Parse(fields[1], CultureInfo.InvariantCulture), long.Parse(fields[19], CultureInfo.InvariantCulture), commandLine);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null; // gone meanwhile
        }
    }

    /// <summary>The processes below these roots (the roots included), children found through their parent pid.</summary>
    public static IReadOnlyList<LinuxProcess> TreesOf(IReadOnlyList<LinuxProcess> all, IEnumerable<LinuxProcess> roots)
    {
        var found = roots.ToList();
        for (var i = 0; i < found.Count; i++)
        {
            found.AddRange(all.Where(child => child.ParentPid == found[i].Pid && !found.Contains(child)));
        }

        return found;
    }

    /// <summary>True while this very process runs (not a zombie, not a later process that got its pid).</summary>
    public bool IsAlive() => Read(Pid) is { } now && now.StartTime == StartTime;

    /// <summary>The environment the process received, read from /proc.</summary>
    public IReadOnlyDictionary<string, string> Environment() =>
        File.ReadAllText($"/proc/{Pid}/environ")
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0])
            .ToDictionary(group => group.Key, group => group.Last()[1]);

    /// <summary>Sends <paramref name="signal"/>; true when it was delivered.</summary>
    public bool Signal(int signal) => Kill(Pid, signal) == 0;

    public override string ToString() => $"{Pid} {string.Join(' ', CommandLine)}";

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
