using System.Reflection;
using Microsoft.Extensions.Hosting;

namespace Pulse.Hosting.Testing;

/// <summary>
/// Starts the AppHost's own graph for a test, as Aspire's <c>DistributedApplicationTestingBuilder</c> does: random
/// ports, a throw-away data folder (deleted on dispose), console output kept in memory.
/// </summary>
public static class DistributedApplicationTestingBuilder
{
    /// <summary>
    /// Runs the entry point of the AppHost that holds <typeparamref name="TEntryPoint"/> until it builds its graph,
    /// and returns that builder so the test can change it (hold resources back, set short intervals) before
    /// calling <see cref="DistributedApplicationBuilder.Build"/>.
    /// </summary>
    /// <param name="args">More command-line arguments for the AppHost.</param>
    /// <param name="cancellationToken">Cancels the wait for the entry point.</param>
    public static async Task<DistributedApplicationBuilder> CreateAsync<TEntryPoint>(
        string[]? args = null, CancellationToken cancellationToken = default)
        where TEntryPoint : class
    {
        var entryPoint = typeof(TEntryPoint).Assembly.EntryPoint
            ?? throw new InvalidOperationException($"{typeof(TEntryPoint).Assembly.GetName().Name} has no entry point.");

        var dataDir = Path.Combine(Path.GetTempPath(), "pulse-test-" + Guid.NewGuid().ToString("N")[..12]);
        string[] testArgs =
        [
            $"--AppHost:DataDir={dataDir}",
            "--AppHost:RandomizePorts=true",
            "--AppHost:Quiet=true",
            "--AppHost:DeleteDataDirOnDispose=true",
            .. args ?? [],
        ];

        var interception = new TestingInterception();
        using (TestingInterception.Begin(interception))
        {
            var run = Task.Run(() => RunEntryPoint(entryPoint, testArgs), cancellationToken);
            await Task.WhenAny(interception.Captured, run).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            if (!interception.Captured.IsCompleted)
            {
                await run; // surfaces the entry point's own error
                throw new InvalidOperationException("The AppHost's entry point returned without building its graph.");
            }
        }

        return await interception.Captured;
    }

    private static void RunEntryPoint(MethodInfo entryPoint, string[] args)
    {
        try
        {
            entryPoint.Invoke(null, entryPoint.GetParameters().Length == 0 ? [] : [args]);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is HostAbortedException)
        {
            // expected: Build() handed the builder over
        }
    }
}
