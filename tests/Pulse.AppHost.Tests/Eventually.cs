namespace Pulse.AppHost.Tests;

/// <summary>Polls a condition until it holds, within a generous bounded deadline.</summary>
internal static class Eventually
{
    public static async Task HoldsAsync(Func<Task<bool>> condition, CancellationToken ct, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"The condition did not hold within {(within ?? TimeSpan.FromSeconds(30)).TotalSeconds} s.");
            }

            await Task.Delay(200, ct);
        }
    }
}
