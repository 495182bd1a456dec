using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Pulse.ServiceDefaults;

namespace Pulse.Registry.Tests;

/// <summary>A service's start-up against its database survives a database that is slow to answer, and stops at a real error.</summary>
public sealed class DatabaseStartupTests
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task AStartThatTimesOutIsTriedAgainAfterOneThenTwoSecondsAndSucceeds()
    {
        var clock = new FakeTimeProvider();
        var attempts = new List<DateTimeOffset>();
        var start = DatabaseStartup.RunAsync(_ =>
        {
            int count;
            lock (attempts)
            {
                attempts.Add(clock.GetUtcNow());
                count = attempts.Count;
            }

            return count < 3 ? throw new NpgsqlException("timed out", new TimeoutException()) : Task.CompletedTask;
        }, NullLogger.Instance, _ct, clock);

        // The clock moves in steps of 100 ms until the next attempt: a retry's timer may start a moment after the failure.
        await Eventually.HoldsAsync(() => attempts.Count == 1);
        await Eventually.HoldsAsync(() => Step(clock, attempts, 2));
        await Eventually.HoldsAsync(() => Step(clock, attempts, 3));
        await start.WaitAsync(TimeSpan.FromSeconds(30), _ct);

        var first = attempts[1] - attempts[0];
        var second = attempts[2] - attempts[1];
        Assert.InRange(first, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.2));
        Assert.InRange(second, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.2));
    }

    private static bool Step(FakeTimeProvider clock, List<DateTimeOffset> attempts, int expected)
    {
        lock (attempts)
        {
            if (attempts.Count >= expected)
            {
                return true;
            }
        }

        clock.Advance(TimeSpan.FromMilliseconds(100));
        return false;
    }

    [Fact]
    public async Task AnErrorThatIsNotTransientEndsTheStartAtOnce()
    {
        var attempts = 0;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => DatabaseStartup.RunAsync(_ =>
        {
            attempts++;
            throw new InvalidOperationException("a migration is wrong");
        }, NullLogger.Instance, _ct, new FakeTimeProvider()));

        Assert.Equal("a migration is wrong", error.Message);
        Assert.Equal(1, attempts);
    }
}
