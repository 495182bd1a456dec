using System.Net;
using Microsoft.Extensions.Logging;

namespace Pulse.Client.Tests;

public sealed class RegistrationRetryTests
{
    [Fact]
    public async Task AnUnreachableRegistryGetsExactlySixAttemptsWithWaitsOfTwoFourEightSixteenThirtyTwoSeconds()
    {
        await using var harness = new RegistrationHarness();
        harness.Registry.OnRegister = _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        var start = harness.Time.GetUtcNow();
        harness.Start();

        var waits = await harness.ElapseWaitsAsync(5);
        var background = await harness.Time.NextWaitAsync();

        Assert.Equal([2, 4, 8, 16, 32], waits);
        var attempts = harness.Registry.Of("register");
        Assert.Equal(6, attempts.Count);
        Assert.Equal([0, 2, 6, 14, 30, 62], attempts.Select(a => (a.At - start).TotalSeconds));
        Assert.Equal(TimeSpan.FromMinutes(5), background);
        Assert.Equal(RegistrationStatus.Standalone, harness.State.Status);
        Assert.Contains("503", harness.State.Reason, StringComparison.Ordinal);
        Assert.Single(harness.Logs.WithEvent("RegistrationGaveUp"), l => l.Level == LogLevel.Warning);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.BadRequest)]
    public async Task APermanentRefusalStopsTheAttemptsAtOnceWithOneErrorLineNamingTheCause(HttpStatusCode status)
    {
        await using var harness = new RegistrationHarness();
        harness.Registry.OnRegister = _ => ScriptedRegistry.Problem(status, "Missing or wrong API key");
        harness.Start();

        var next = await harness.Time.NextWaitAsync();

        Assert.Equal(TimeSpan.FromMinutes(5), next);
        Assert.Single(harness.Registry.Of("register"));
        var error = Assert.Single(harness.Logs.Lines, l => l.Level >= LogLevel.Error);
        Assert.Contains($"{(int)status}", error.Message, StringComparison.Ordinal);
        Assert.Contains("Missing or wrong API key", error.Message, StringComparison.Ordinal);
        Assert.Equal(RegistrationStatus.Standalone, harness.State.Status);
    }

    [Fact]
    public async Task AStandaloneServiceRegistersWithTheFiveMinuteBackgroundRetryWhenTheRegistryAppears()
    {
        await using var harness = new RegistrationHarness();
        harness.Registry.OnRegister = _ => new HttpResponseMessage(HttpStatusCode.BadGateway);
        harness.Start();
        await harness.ElapseWaitsAsync(5);

        Assert.Equal(TimeSpan.FromMinutes(5), await harness.Time.ElapseNextWaitAsync());
        Assert.Equal(7, harness.Registry.Of("register").Count);
        Assert.Equal(RegistrationStatus.Standalone, harness.State.Status);

        harness.Registry.OnRegister = _ => ScriptedRegistry.Registered("svc-late");
        Assert.Equal(TimeSpan.FromMinutes(5), await harness.Time.ElapseNextWaitAsync());
        var heartbeatWait = await harness.Time.NextWaitAsync();

        Assert.Equal(8, harness.Registry.Of("register").Count);
        Assert.Equal(RegistrationState.Registered("svc-late"), harness.State);
        Assert.Equal(TimeSpan.FromSeconds(30), heartbeatWait);
    }

    [Fact]
    public async Task TheBackgroundRetryIntervalIsConfigurable()
    {
        await using var harness = new RegistrationHarness(o => o.BackgroundRetryInterval = TimeSpan.FromSeconds(90));
        harness.Registry.OnRegister = _ => ScriptedRegistry.Problem(HttpStatusCode.Unauthorized, "wrong key");
        harness.Start();

        Assert.Equal(TimeSpan.FromSeconds(90), await harness.Time.NextWaitAsync());
    }

    [Fact]
    public async Task ARegistrationSendsTheRegistryKeyTheServiceKeyAndTheRememberedIdWithoutLoggingAKey()
    {
        await using var harness = new RegistrationHarness();
        harness.Registry.OnHeartbeat = _ => new HttpResponseMessage(HttpStatusCode.NotFound);
        harness.Start();
        await harness.ElapseWaitsAsync(1);
        await harness.Time.NextWaitAsync();

        var (first, second) = (harness.Registry.Of("register")[0], harness.Registry.Of("register")[1]);
        Assert.Equal(RegistrationHarness.RegistryKey, first.ApiKey);
        Assert.Equal(RegistrationHarness.ServiceKey, first.Json.GetProperty("api_key").GetString());
        Assert.False(first.Json.TryGetProperty("id", out _));
        Assert.Equal("svc-1", second.Json.GetProperty("id").GetString());
        Assert.Equal("download-client", second.Json.GetProperty("type").GetString());
        Assert.DoesNotContain(harness.Logs.Lines, l =>
            l.Message.Contains(RegistrationHarness.RegistryKey, StringComparison.Ordinal)
            || l.Message.Contains(RegistrationHarness.ServiceKey, StringComparison.Ordinal));
    }
}
