using System.Runtime.InteropServices;

namespace Pulse.Hosting.Orchestration;

/// <summary>POSIX signals and identity, for stopping process groups gracefully.</summary>
internal static partial class Signals
{
    public const int SIGINT = 2;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    public static bool IsRoot { get; } = GetEffectiveUserId() == 0;

    /// <summary>Sends a signal to a process (a positive id) or a process group (a negative id).</summary>
    public static bool Send(int pid, int signal) => Kill(pid, signal) == 0;

    public static bool IsAlive(int pid) => Kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() == 1; // EPERM: alive, not ours

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
