namespace Pulse.Registry.Bench;

/// <summary>The machine's load averages over 1, 5 and 15 minutes, as <c>/proc/loadavg</c> tells them.</summary>
internal static class LoadAverage
{
    public static string Now => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]);
}
