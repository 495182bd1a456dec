using System.Globalization;

namespace Pulse.AppHost.Bench;

/// <summary>
/// The processes of one run, found in <c>/proc</c>: the launched process and everything under it, Aspire's
/// orchestrator (DCP detaches from the AppHost and watches it with <c>--monitor &lt;pid&gt;</c>) and everything under
/// it, and any other process whose command line or environment names the run's data folder. Each member is kept with
/// its start time, so a process id reused later is not taken for a member still alive.
/// </summary>
internal sealed class ProcessTree
{
    private const double ClockTicksPerSecond = 100;

    private readonly Dictionary<int, long> _members;
    private readonly Dictionary<int, string> _kinds;

    private ProcessTree(Dictionary<int, long> members, Dictionary<int, string> kinds, IReadOnlyDictionary<string, double> cpuSeconds)
    {
        _members = members;
        _kinds = kinds;
        CpuSeconds = cpuSeconds;
    }

    public int Count => _members.Count;

    /// <summary>
    /// CPU time the run had used when the tree was read, by kind of process (see <see cref="Kind"/>): each member's
    /// own, and its ended children's (so the AppHost's includes initdb, and each <c>dotnet run</c>'s its build tools).
    /// </summary>
    public IReadOnlyDictionary<string, double> CpuSeconds { get; }

    public static ProcessTree Of(int root, string dataDir)
    {
        var processes = ProcInfo.ReadAll();
        var members = new Dictionary<int, long>();
        if (processes.FirstOrDefault(p => p.Pid == root) is { } rootProcess)
        {
            members[root] = rootProcess.StartTime;
        }

        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var process in processes.Where(p => !members.ContainsKey(p.Pid) && p.Pid != Environment.ProcessId))
            {
                if (members.ContainsKey(process.Parent) || process.Monitors(members.Keys) || process.Mentions(dataDir))
                {
                    members[process.Pid] = process.StartTime;
                    grew = true;
                }
            }
        }

        var inTree = processes.Where(p => members.ContainsKey(p.Pid)).ToList();
        var cpu = inTree.GroupBy(Kind).ToDictionary(kind => kind.Key, kind => kind.Sum(p => p.CpuTicks) / ClockTicksPerSecond);
        return new ProcessTree(members, inTree.ToDictionary(p => p.Pid, Kind), cpu);
    }

    /// <summary>What the member is: <c>dcp</c> (Aspire's orchestrator and its helpers), <c>dotnet run</c>, <c>servers</c>, or its executable's name.</summary>
    public string KindOf(int pid) => _kinds[pid];

    /// <summary>True for a process of Aspire's orchestrator (<c>dcp</c> and its helpers).</summary>
    public bool IsOrchestrator(int pid) => _kinds[pid] == "dcp";

    /// <summary>The members still running (an exited process not yet reaped by its parent counts as gone).</summary>
    public IReadOnlyList<int> Alive() =>
        [.. _members.Where(member => ProcInfo.Read(member.Key) is { Zombie: false } process && process.StartTime == member.Value).Select(m => m.Key)];

    /// <summary>Every process, other than this one, whose command line or environment names <paramref name="dataDir"/>.</summary>
    public static IReadOnlyList<int> Using(string dataDir) =>
        [.. ProcInfo.ReadAll().Where(p => p.Pid != Environment.ProcessId && !p.Zombie && p.Mentions(dataDir)).Select(p => p.Pid)];

    // What a process is, from its command line: "dotnet run" (the wrapper dotnet run puts around each project), or
    // the executable's file name with PostgreSQL's and Redis's processes as "servers".
    private static string Kind(ProcInfo process)
    {
        var arguments = process.CommandLine.Split('\0');
        var executable = Path.GetFileName(arguments[0]);
        return executable switch
        {
            "dotnet" when arguments.Length > 1 && arguments[1] == "run" => "dotnet run",
            "postgres" or "redis-server" or "setpriv" => "servers",
            _ when executable.StartsWith("postgres:", StringComparison.Ordinal) => "servers",
            _ when executable.StartsWith("redis-server", StringComparison.Ordinal) => "servers",
            _ => executable,
        };
    }

    private sealed record ProcInfo(int Pid, int Parent, long StartTime, bool Zombie, string CommandLine, long CpuTicks)
    {
        public static List<ProcInfo> ReadAll()
        {
            var all = new List<ProcInfo>();
            foreach (var folder in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Read(pid) is { } process)
                {
                    all.Add(process);
                }
            }

            return all;
        }

        public static ProcInfo? Read(int pid)
        {
            try
            {
                // After "pid (comm)": state (1st), ppid (2nd), ..., utime, stime, cutime, cstime (12th to 15th),
                // ..., starttime (20th), in clock ticks.
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var commandLine = File.ReadAllText($"/proc/{pid}/cmdline");
                return new ProcInfo(
                    pid,
                    int.Parse(fields[1], CultureInfo.InvariantCulture),
                    long.Parse(fields[19], CultureInfo.InvariantCulture),
                    fields[0] == "Z",
                    commandLine,
                    fields[11..15].Sum(field => long.Parse(field, CultureInfo.InvariantCulture)));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                return null; // ended meanwhile
            }
        }

        public bool Monitors(IEnumerable<int> pids)
        {
            var arguments = CommandLine.Split('\0');
            var at = Array.IndexOf(arguments, "--monitor");
            return at >= 0 && at + 1 < arguments.Length
                && int.TryParse(arguments[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var watched)
                && pids.Contains(watched);
        }

        public bool Mentions(string text)
        {
            if (CommandLine.Contains(text, StringComparison.Ordinal))
            {
                return true;
            }

            try
            {
                return File.ReadAllText($"/proc/{Pid}/environ").Contains(text, StringComparison.Ordinal);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }
    }
}
