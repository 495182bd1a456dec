using System.Globalization;

namespace Pulse.Registry.Bench;

/// <summary>
/// CPU time of the registry (each of its processes, and any process under them: every replica's) and of the PostgreSQL
/// server (the postmaster and every backend under it), from <c>/proc</c>. CPU time per operation moves far less than
/// throughput when the machine is shared.
/// </summary>
internal sealed class CpuMeter(IReadOnlyCollection<int> registryPids, int postgresPid)
{
    public readonly record struct Sample(double RegistrySeconds, double PostgresSeconds);

    public Sample Read()
    {
        var parents = new Dictionary<int, int>();
        var seconds = new Dictionary<int, double>();
        var reaped = new Dictionary<int, double>();
        foreach (var (pid, parent, cpu, children) in Processes())
        {
            parents[pid] = parent;
            seconds[pid] = cpu;
            reaped[pid] = children;
        }

        // A process that has ended (a PostgreSQL backend whose connection closed) leaves the tree, and its CPU time
        // moves to its parent's count of reaped children: the roots' count keeps it in the sum.
        var postgres = seconds.Where(p => IsUnder(p.Key, postgresPid, parents)).Sum(p => p.Value) + reaped.GetValueOrDefault(postgresPid);
        var registry = seconds.Where(p => registryPids.Any(root => IsUnder(p.Key, root, parents))).Sum(p => p.Value)
            + registryPids.Sum(root => reaped.GetValueOrDefault(root));
        return new Sample(registry, postgres);
    }

    /// <summary>Microseconds of CPU per operation, for the registry and for PostgreSQL, since <paramref name="before"/>.</summary>
    public string PerOperation(Sample before, long operations)
    {
        var after = Read();
        return $"CPU per op: registry {(after.RegistrySeconds - before.RegistrySeconds) / operations * 1e6:F0} us, " +
            $"postgres {(after.PostgresSeconds - before.PostgresSeconds) / operations * 1e6:F0} us";
    }

    public static double RssMegabytes(int pid) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024).Single();

    private static bool IsUnder(int pid, int ancestor, Dictionary<int, int> parents)
    {
        for (var current = pid; current > 1; current = parents.GetValueOrDefault(current))
        {
            if (current == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<(int Pid, int Parent, double CpuSeconds, double ReapedChildrenSeconds)> Processes()
    {
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && TryReadStat(pid, out var parent, out var cpu, out var children))
            {
                yield return (pid, parent, cpu, children);
            }
        }
    }

    private static bool TryReadStat(int pid, out int parent, out double cpuSeconds, out double reapedChildrenSeconds)
    {
        parent = 0;
        cpuSeconds = 0;
        reapedChildrenSeconds = 0;
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return false; // the process ended meanwhile
        }

        // After "pid (comm)": state, ppid, ..., utime (14th field) and stime (15th), and the same of the children it has
        // reaped (16th, 17th), in clock ticks of 1/100 s.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
        cpuSeconds = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        reapedChildrenSeconds = (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / 100.0;
        return true;
    }
}
