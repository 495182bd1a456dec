namespace Pulse.Client.Tests;

/// <summary>Polls a condition until it holds, within a bounded real-time deadline.</summary>
internal static class Eventually
{
    public static async Task HoldsAsync(Func<bool> condition, TimeSpan? within = null)
    {
        var limit = within ?? TimeSpan.FromSeconds(10);
        var deadline = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            if (TimeProvider.System.GetElapsedTime(deadline) > limit)
            {
                Assert.Fail($"The condition did not hold within {limit.TotalSeconds} s.");
            }

            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }
}
