using Microsoft.Extensions.Time.Testing;
using Pilot.Sample.Grabs;

namespace Pilot.Sample.Tests;

public sealed class RetryBackoffTests
{
    [Fact]
    public void AClientThatMissesIsLeftAloneForOneSecondThenTwiceAsLongEachTimeUpToThirtySeconds()
    {
        var time = new FakeTimeProvider();
        var backoff = new RetryBackoff(time);
        Assert.True(backoff.IsDue("haul"));

        var delays = new List<double>();
        for (var miss = 0; miss < 8; miss++)
        {
            var delay = backoff.Missed("haul");
            delays.Add(delay.TotalSeconds);
            time.Advance(delay - TimeSpan.FromMilliseconds(1));
            Assert.False(backoff.IsDue("haul"));
            time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.True(backoff.IsDue("haul"));
        }

        Assert.Equal([1, 2, 4, 8, 16, 30, 30, 30], delays);
    }

    [Fact]
    public void AnAnswerResetsTheBackoffAndEachClientHasItsOwn()
    {
        var time = new FakeTimeProvider();
        var backoff = new RetryBackoff(time);
        backoff.Missed("haul");
        backoff.Missed("haul");

        Assert.False(backoff.IsDue("haul"));
        Assert.True(backoff.IsDue("other"));

        backoff.Answered("haul");
        Assert.True(backoff.IsDue("haul"));
        Assert.Equal(TimeSpan.FromSeconds(1), backoff.Missed("haul"));
    }
}
