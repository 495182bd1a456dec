namespace Haul.Sample.Tests;

/// <summary>Polls a condition until it holds, within a generous bounded deadline.</summary>
internal static class Eventually
{
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan within, CancellationToken ct)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            if (TimeProvider.System.GetElapsedTime(start) > within)
            {
                Assert.Fail($"The condition did not hold within {within.TotalSeconds} s.");
            }

            await Task.Delay(200, ct);
        }
    }
}
