using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using static Pulse.ServiceDefaults.PulseResources;

namespace Pulse.AppHost.Tests;

/// <summary>
/// Pulse.AppHost run as a person runs it (see <see cref="AppHostLaunch"/>), in its own process, console captured:
/// for the tests that stop it, kill it, or read what it prints.
/// </summary>
internal sealed partial class AppHostRun : IDisposable
{
    private readonly AppHostLaunch _launch = new();
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();
    private IReadOnlyList<LinuxProcess> _seen = [];

    /// <summary>Starts the AppHost; <paramref name="environment"/> comes on top of a person's environment.</summary>
    public AppHostRun(IReadOnlyDictionary<string, string>? environment = null)
    {
        _process = Process.Start(_launch.StartInfo(environment ?? new Dictionary<string, string>()))!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string DataDir => _launch.DataDir;

    /// <inheritdoc cref="AppHostLaunch.Secrets"/>
    public IReadOnlyDictionary<string, string> GivenSecrets => _launch.Secrets;

    /// <summary>Everything the AppHost printed so far, stdout and stderr.</summary>
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

    /// <summary>
    /// Waits until the AppHost says it started and every project answers <c>/health</c> with 200 at the public URL the
    /// AppHost printed for it.
    /// </summary>
    public async Task WaitUntilServingAsync(CancellationToken cancellationToken)
    {
        await WaitForOutputAsync("Distributed application started", cancellationToken);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var project in (string[])[Registry, Haul, Pilot, Prism])
        {
            var url = PublicUrl(project);
            await Eventually.HoldsAsync(async () =>
            {
                try
                {
                    using var response = await client.GetAsync(new Uri(url, "/health"), cancellationToken);
                    return response.StatusCode == HttpStatusCode.OK;
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    return false; // not listening yet, or its proxy holds the request until the project listens
                }
            }, cancellationToken, TimeSpan.FromMinutes(3), $"{project} answering /health with 200");
        }
    }

    /// <summary>Where the AppHost said <paramref name="project"/> answers (<c>registry answers at http://localhost:9696</c>).</summary>
    public Uri PublicUrl(string project)
    {
        var said = PublicUrlLine().Matches(Output).LastOrDefault(match => match.Groups["project"].Value == project);
        Assert.True(said is not null, $"The AppHost did not say where {project} answers. It printed:\n{Output}");
        return new Uri(said.Groups["url"].Value);
    }

    public async Task WaitForOutputAsync(string text, CancellationToken cancellationToken)
    {
        await Eventually.HoldsAsync(() => Task.FromResult(Output.Contains(text, StringComparison.Ordinal) || _process.HasExited),
            cancellationToken, TimeSpan.FromMinutes(3), $"the AppHost printing '{text}'");
        Assert.True(Output.Contains(text, StringComparison.Ordinal), $"The AppHost exited without printing '{text}'. It printed:\n{Output}");
    }

    /// <summary>The processes of this run now (see <see cref="RunProcessTree"/>).</summary>
    public IReadOnlyList<LinuxProcess> Processes()
    {
        var tree = RunProcessTree.Of(_process.Id);
        _seen = [.. _seen.Concat(tree).DistinctBy(process => (process.Pid, process.StartTime))];
        return tree;
    }

    /// <summary>Sends <paramref name="signal"/> to the AppHost itself.</summary>
    public void Signal(int signal) => Assert.True(LinuxProcess.Read(_process.Id)?.Signal(signal), $"The AppHost did not take signal {signal}.");

    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>Ends whatever of this run still runs (only processes of this run, by pid and start time), and deletes its data folder.</summary>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Processes();
            _process.Kill();
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        foreach (var leftover in _seen.Where(process => process.IsAlive()))
        {
            leftover.Signal(LinuxProcess.SigKill);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // a leftover server still held a file: /tmp is cleared in time
        }
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

    [GeneratedRegex(@"^\s*(?<project>[a-z]+) answers at (?<url>http://\S+)$", RegexOptions.Multiline)]
    private static partial Regex PublicUrlLine();
}
