using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Pulse.AppHost.Tests;

/// <summary>
/// Pulse.AppHost run as a child process, as a person runs it, with its console output captured: for the tests
/// that kill it, signal it, or read what it prints.
/// </summary>
internal sealed partial class AppHostProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    private AppHostProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public static AppHostProcess Start(string dataDir, IDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { AppHostAssembly(), $"--AppHost:DataDir={dataDir}", "--AppHost:RandomizePorts=true" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        return new AppHostProcess(Process.Start(startInfo)!);
    }

    public async Task WaitForOutputAsync(string text, CancellationToken ct, TimeSpan? within = null)
    {
        await Eventually.HoldsAsync(() => Task.FromResult(Output.Contains(text, StringComparison.Ordinal) || _process.HasExited), ct, within ?? TimeSpan.FromSeconds(90));
        Assert.True(Output.Contains(text, StringComparison.Ordinal), $"The AppHost did not print '{text}'. It printed:\n{Output}");
    }

    public async Task<int> WaitForExitAsync(CancellationToken ct, TimeSpan? within = null)
    {
        await _process.WaitForExitAsync(ct).WaitAsync(within ?? TimeSpan.FromSeconds(60), ct);
        return _process.ExitCode;
    }

    public void Terminate() => Kill(Pid, 15);

    public void KillHard() => _process.Kill();

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }

    // The AppHost's own build output, next to this test project's (same configuration).
    private static string AppHostAssembly()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        var configuration = testOutput.Parent!.Name;
        var repository = testOutput.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        return Path.Combine(repository, "Pulse.AppHost", "bin", configuration, testOutput.Name, "Pulse.AppHost.dll");
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_gate)
            {
                _output.AppendLine(line);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
