namespace Pulse.Registry.Tests;

/// <summary>Polls a condition until it holds, within a bounded deadline.</summary>
internal static class Eventually
{
    public static async Task HoldsAsync(Func<Task<bool>> condition, CancellationToken ct, TimeSpan? within = null, string? what = null)
    {
        var limit = within ?? TimeSpan.FromSeconds(20);
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{what ?? "The condition"} did not hold within {limit.TotalSeconds} s.");
            }

            await Task.Delay(50, ct);
        }
    }
}
