namespace Pulse.Testing;

/// <summary>
/// The one way a test waits for something: it re-checks a condition until it holds, and fails once a generous
/// deadline has passed. There is no sleeping for a condition; the short pause between checks only keeps the poll
/// from spinning a core of this shared 2-core machine.
/// </summary>
internal static class Eventually
{
    private static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Waits until <paramref name="read"/> returns a value that satisfies <paramref name="condition"/>, and returns it.</summary>
    public static async Task<T> ReturnsAsync<T>(
        Func<Task<T>> read, Func<T, bool> condition, CancellationToken ct, TimeSpan? within = null, string? what = null)
    {
        var limit = within ?? DefaultDeadline;
        var started = TimeProvider.System.GetTimestamp();
        using var poll = new PeriodicTimer(PollInterval);
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            if (TimeProvider.System.GetElapsedTime(started) > limit)
            {
                Assert.Fail($"{what ?? "The condition"} did not hold within {limit.TotalSeconds:0.#} s; last value: {value}");
            }

            await poll.WaitForNextTickAsync(ct);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    public static Task HoldsAsync(Func<Task<bool>> condition, CancellationToken ct, TimeSpan? within = null, string? what = null) =>
        ReturnsAsync(condition, holds => holds, ct, within, what);

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    public static Task HoldsAsync(Func<bool> condition, TimeSpan? within = null) =>
        HoldsAsync(() => Task.FromResult(condition()), TestContext.Current.CancellationToken, within);

    /// <summary>Waits until <paramref name="probe"/> finds what it looks for, and returns it.</summary>
    public static async Task<T> ValueAsync<T>(
        Func<Task<(bool Found, T Value)>> probe, TimeSpan timeout, string what, CancellationToken ct) =>
        (await ReturnsAsync(probe, result => result.Found, ct, timeout, what)).Value;
}
