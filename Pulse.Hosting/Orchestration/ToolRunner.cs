namespace Pulse.Hosting.Orchestration;

/// <summary>Runs a short set-up tool (initdb, chown) to completion, failing with its output when it fails.</summary>
internal static class ToolRunner
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static async Task RunAsync(LaunchSpec spec, string displayName, TimeProvider time, CancellationToken cancellationToken)
    {
        var output = new ConsoleLog(capacity: 50);
        using var process = ManagedProcess.Start(spec, (stream, text) => output.Add(new(time.GetUtcNow(), stream, text)));
        try
        {
            var exitCode = await process.Exited.WaitAsync(Timeout, cancellationToken);
            if (exitCode != 0)
            {
                throw new ResourceStartException(
                    $"{displayName} failed with exit code {exitCode}:{Environment.NewLine}" +
                    string.Join(Environment.NewLine, output.Snapshot(last: 20).Select(line => "  " + line.Text)));
            }
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            process.KillGroup();
            throw;
        }
    }
}
