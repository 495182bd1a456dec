namespace Pulse.AppHost.Tests;

/// <summary>Finds the processes that belong to one host's data folder, by what /proc says of them.</summary>
internal static class HostProcesses
{
    /// <summary>Every live process whose command line or environment names the data folder.</summary>
    public static IReadOnlyList<int> Using(string dataDir, int exceptPid = -1)
    {
        var found = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid) || pid == Environment.ProcessId || pid == exceptPid)
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(folder, "cmdline")).Contains(dataDir, StringComparison.Ordinal)
                    || File.ReadAllText(Path.Combine(folder, "environ")).Contains(dataDir, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // gone meanwhile
            }
        }

        return found;
    }

    public static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);
}
