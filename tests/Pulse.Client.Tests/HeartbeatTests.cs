using System.Net;

namespace Pulse.Client.Tests;

public sealed class HeartbeatTests
{
    [Fact]
    public async Task HeartbeatsFollowTheRegistrysIntervalAndBackOffByHalfUpToFiveMinutes()
    {
        await using var harness = new RegistrationHarness();
        harness.Registry.OnHeartbeat = _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        harness.Start();
        await WaitForRegisteredAsync(harness);
        harness.Registry.OnRegister = _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        var waits = await harness.ElapseWaitsAsync(8);
        await harness.Time.NextWaitAsync();

        AssertWaits([30, 45, 67.5, 101.25, 151.875, 227.8125, 300, 300], waits);
        Assert.Equal(8, harness.Registry.Of("heartbeat").Count);
        Assert.Equal(RegistrationStatus.Registered, harness.State.Status);
    }

    [Fact]
    public async Task AHeartbeatAnsweredNotFoundReRegistersAtOnceWithTheSameId()
    {
        await using var harness = new RegistrationHarness();
        harness.Start();
        await WaitForRegisteredAsync(harness);
        harness.Registry.OnHeartbeat = _ => new HttpResponseMessage(HttpStatusCode.NotFound);
        harness.Registry.OnRegister = call => ScriptedRegistry.Registered(call.Json.GetProperty("id").GetString()!);

        Assert.Equal(TimeSpan.FromSeconds(30), await harness.Time.ElapseNextWaitAsync());
        var next = await harness.Time.NextWaitAsync();

        var heartbeat = Assert.Single(harness.Registry.Of("heartbeat"));
        var reregistration = harness.Registry.Of("register")[1];
        Assert.Equal(heartbeat.At, reregistration.At);
        Assert.Equal("svc-1", reregistration.Json.GetProperty("id").GetString());
        Assert.Equal(RegistrationState.Registered("svc-1"), harness.State);
        Assert.Equal(TimeSpan.FromSeconds(30), next);
        Assert.Empty(harness.Logs.WithEvent("ConnectionRecovered"));
    }

    [Fact]
    public async Task FiveConsecutiveFailuresReRegisterAndEveryLaterFailureDoesToo()
    {
        await using var harness = new RegistrationHarness();
        harness.Start();
        await WaitForRegisteredAsync(harness);
        harness.Registry.OnHeartbeat = _ => new HttpResponseMessage(HttpStatusCode.InternalServerError);
        harness.Registry.OnRegister = _ => new HttpResponseMessage(HttpStatusCode.InternalServerError);

        await harness.ElapseWaitsAsync(4);
        await harness.Time.NextWaitAsync();
        Assert.Single(harness.Registry.Of("register"));

        harness.Time.Advance(TimeSpan.FromSeconds(151.875));
        await harness.Time.NextWaitAsync();
        Assert.Equal(2, harness.Registry.Of("register").Count);
        Assert.Equal(harness.Registry.Of("heartbeat")[4].At, harness.Registry.Of("register")[1].At);

        harness.Time.Advance(TimeSpan.FromSeconds(227.8125));
        await harness.Time.NextWaitAsync();
        Assert.Equal(3, harness.Registry.Of("register").Count);
    }

    [Fact]
    public async Task AReRegistrationAfterFiveFailuresResetsTheIntervalWithOneRecoveryLine()
    {
        await using var harness = new RegistrationHarness();
        harness.Start();
        await WaitForRegisteredAsync(harness);
        harness.Registry.OnHeartbeat = _ => new HttpResponseMessage(HttpStatusCode.InternalServerError);

        await harness.ElapseWaitsAsync(5);
        var next = await harness.Time.NextWaitAsync();

        Assert.Equal(TimeSpan.FromSeconds(30), next);
        var reregistration = harness.Registry.Of("register")[1];
        Assert.Equal("svc-1", reregistration.Json.GetProperty("id").GetString());
        var recovered = Assert.Single(harness.Logs.WithEvent("ConnectionRecovered"));
        Assert.Contains("after 5 failed heartbeats", recovered.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecoveryResetsTheIntervalAndLogsExactlyOneLineSayingAfterHowManyFailures()
    {
        await using var harness = new RegistrationHarness();
        harness.Start();
        await WaitForRegisteredAsync(harness);
        var failuresLeft = 3;
        harness.Registry.OnHeartbeat = _ => Interlocked.Decrement(ref failuresLeft) >= 0
            ? new HttpResponseMessage(HttpStatusCode.GatewayTimeout)
            : new HttpResponseMessage(HttpStatusCode.NoContent);

        var waits = await harness.ElapseWaitsAsync(6);
        await harness.Time.NextWaitAsync();

        AssertWaits([30, 45, 67.5, 101.25, 30, 30], waits);
        var recovered = Assert.Single(harness.Logs.WithEvent("ConnectionRecovered"));
        Assert.Contains("after 3 failed heartbeats", recovered.Message, StringComparison.Ordinal);
        Assert.Single(harness.Registry.Of("register"));
    }

    [Fact]
    public async Task AConfiguredHeartbeatIntervalOverridesTheRegistrys()
    {
        await using var harness = new RegistrationHarness(o => o.HeartbeatInterval = TimeSpan.FromSeconds(2));
        harness.Start();
        await WaitForRegisteredAsync(harness);

        Assert.Equal(TimeSpan.FromSeconds(2), await harness.Time.NextWaitAsync());
    }

    [Fact]
    public async Task AHeartbeatRefusedWithUnauthorizedGoesStandaloneAndRetriesInTheBackground()
    {
        await using var harness = new RegistrationHarness();
        harness.Start();
        await WaitForRegisteredAsync(harness);
        harness.Registry.OnHeartbeat = _ => ScriptedRegistry.Problem(HttpStatusCode.Unauthorized, "wrong key");

        await harness.Time.ElapseNextWaitAsync();

        Assert.Equal(TimeSpan.FromMinutes(5), await harness.Time.NextWaitAsync());
        Assert.Equal(RegistrationStatus.Standalone, harness.State.Status);
        Assert.Single(harness.Logs.WithEvent("HeartbeatRefused"));
    }

    // Timers have millisecond resolution: 227.8125 s is waited as 227.812 s.
    private static void AssertWaits(double[] expected, List<double> actual) =>
        Assert.Equal(expected, actual, (e, a) => Math.Abs(e - a) < 0.001);

    // Leaves the first heartbeat's wait pending, for the test to elapse.
    private static Task WaitForRegisteredAsync(RegistrationHarness harness) =>
        Eventually.HoldsAsync(() => harness.State == RegistrationState.Registered("svc-1"));
}
