using Microsoft.Extensions.Hosting;

namespace Pulse.Hosting.Testing;

/// <summary>
/// Lets a test run the AppHost's own entry point (one definition of the graph, not two) and take its builder at
/// the moment <c>Build()</c> is called, before anything starts, as Aspire's testing builder does.
/// </summary>
internal sealed class TestingInterception
{
    private static readonly AsyncLocal<TestingInterception?> Current = new();
    private readonly TaskCompletionSource<DistributedApplicationBuilder> _captured =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<DistributedApplicationBuilder> Captured => _captured.Task;

    public static IDisposable Begin(TestingInterception interception)
    {
        Current.Value = interception;
        return new Scope();
    }

    /// <summary>Called by <c>Build()</c>: under a test, hands the builder over and ends the entry point.</summary>
    public static void InterceptIfTesting(DistributedApplicationBuilder builder)
    {
        if (Current.Value is { } interception && interception._captured.TrySetResult(builder))
        {
            Current.Value = null;
            throw new HostAbortedException("The AppHost's builder was taken over by a test.");
        }
    }

    private sealed class Scope : IDisposable
    {
        public void Dispose() => Current.Value = null;
    }
}
