using System.Diagnostics;

namespace Pulse.Hosting.Orchestration;

/// <summary>
/// One child process, started in a session (and process group) of its own with <c>setsid</c> so that a
/// terminal's Ctrl+C reaches only the host, which then stops the graph in order, and so that a forced stop
/// can take the whole group (runuser, postgres and its backends) at once.
/// </summary>
internal sealed class ManagedProcess : IDisposable
{
    private readonly Process _process;

    private ManagedProcess(Process process)
    {
        _process = process;
        Exited = WaitForExitCodeAsync();
    }

    public int Pid => _process.Id;

    /// <summary>Completes with the exit code when the process exits.</summary>
    public Task<int> Exited { get; }

    public bool HasExited => Exited.IsCompleted;

    public static ManagedProcess Start(LaunchSpec spec, Action<ConsoleStream, string> onLine)
    {
        var startInfo = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = spec.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };

        if (spec.RunAsUser is { } user)
        {
            foreach (var argument in (string[])["runuser", "-u", user, "--"])
            {
                startInfo.ArgumentList.Add(argument);
            }
        }

        startInfo.ArgumentList.Add(spec.FileName);
        foreach (var argument in spec.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        ChildEnvironment.Apply(startInfo.Environment, spec.Environment);

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) onLine(ConsoleStream.Stdout, e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) onLine(ConsoleStream.Stderr, e.Data); };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ManagedProcess(process);
    }

    public void Signal(int signal) => Signals.Send(Pid, signal);

    /// <summary>Kills every process of the group.</summary>
    public void KillGroup() => Signals.Send(-Pid, Signals.SIGKILL);

    public void Dispose() => _process.Dispose();

    private async Task<int> WaitForExitCodeAsync()
    {
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }
}
