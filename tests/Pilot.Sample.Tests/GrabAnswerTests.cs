using Microsoft.Extensions.Time.Testing;
using Pilot.Sample.Grabs;

namespace Pilot.Sample.Tests;

public sealed class GrabAnswerTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ASendStillGoingAfter25SecondsIsAnsweredWithTheGrabAsItStandsAndGoesOn()
    {
        var time = new FakeTimeProvider(Now);
        var sending = new TaskCompletionSource<GrabRecord>();
        var answer = GrabsApi.AnswerAsync(sending.Task, _ => Task.FromResult(Grab(GrabRecord.Pending)), time, TestContext.Current.CancellationToken);

        time.Advance(GrabsApi.AnswerWithin - TimeSpan.FromMilliseconds(1));
        Assert.False(answer.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(GrabRecord.Pending, (await answer.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).Status);
        Assert.False(sending.Task.IsCompleted);
    }

    [Fact]
    public async Task ASendThatEndsInTimeIsAnsweredWithItsOutcome()
    {
        var time = new FakeTimeProvider(Now);
        var sending = new TaskCompletionSource<GrabRecord>();
        var answer = GrabsApi.AnswerAsync(sending.Task, _ => Task.FromResult(Grab(GrabRecord.Pending)), time, TestContext.Current.CancellationToken);

        time.Advance(TimeSpan.FromSeconds(21));
        sending.SetResult(Grab(GrabRecord.Sent));

        Assert.Equal(GrabRecord.Sent, (await answer.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).Status);
    }

    private static GrabRecord Grab(string status) =>
        new(Guid.NewGuid(), "t", "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567", "tv", status, null, "haul", null, null, Now, Now);
}
