using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Pulse.AppHost.Bench;

/// <summary>A process the bench launched, timed from its launch, with the last lines of its output kept for errors.</summary>
internal sealed partial class ChildProcess : IDisposable
{
    private const int Sigterm = 15;
    private const int KeptLines = 40;

    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly Stopwatch _sinceLaunch;

    private ChildProcess(Process process, Stopwatch sinceLaunch)
    {
        _process = process;
        _sinceLaunch = sinceLaunch;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public TimeSpan SinceLaunch => _sinceLaunch.Elapsed;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process wrote (stdout and stderr).</summary>
    public string Tail
    {
        get
        {
            lock (_tail)
            {
                return string.Join(Environment.NewLine, _tail);
            }
        }
    }

    public static ChildProcess Start(
        string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        var sinceLaunch = Stopwatch.StartNew();
        return new ChildProcess(Process.Start(startInfo) ?? throw new InvalidOperationException($"{fileName} did not start."), sinceLaunch);
    }

    /// <summary>SIGTERM, as a service manager (or <c>docker stop</c>, or <c>kill</c>) stops a process.</summary>
    public void Terminate()
    {
        if (Kill(Pid, Sigterm) != 0)
        {
            throw new InvalidOperationException($"kill({Pid}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    public Task WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync().WaitAsync(timeout);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > KeptLines)
            {
                _tail.Dequeue();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
