namespace Pilot.Sample.Tests;

/// <summary>Polls until a value satisfies a condition, within a generous bounded deadline.</summary>
internal static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> read, Func<T, bool> condition, CancellationToken ct, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The condition did not hold within {(within ?? TimeSpan.FromSeconds(60)).TotalSeconds} s; last value: {value}");
            await Task.Delay(100, ct);
        }
    }
}
