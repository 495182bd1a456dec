using System.Net;
using Microsoft.AspNetCore.Http;
using Pulse.Client;

namespace Pulse.Registry.Tests;

/// <summary>
/// The throttle of failed authentications, on in-process registries of their own: the graph's registry is shared with
/// tests that expect every wrong key to be a 401, so it runs with a limit no test reaches.
/// </summary>
public sealed class FailedAuthenticationThrottleTests(GraphFixture graph)
{
    private const string Route = "/api/v1/services";

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwentyWrongKeysAreUnauthorizedTheTwentyFirstIsTooManyRequestsWithRetryAfterAndTheRightKeyStillPasses()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, TimeProvider.System, _ct);
        using var wrong = registry.CreateClient();
        wrong.DefaultRequestHeaders.Add(PulseHeaders.ApiKey, "wrong-" + GraphFixture.ApiKey);
        using var anonymous = registry.CreateClient();
        using var keyed = registry.CreateKeyedClient();

        for (var failure = 1; failure <= 20; failure++)
        {
            using var refused = await (failure % 2 == 0 ? wrong : anonymous).GetAsync(Route, _ct);
            Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, $"failure {failure}: {(int)refused.StatusCode}");
        }

        using var throttled = await wrong.GetAsync(Route, _ct);
        await ProblemAssert.NamesFieldAsync(throttled, "the 21st failure", StatusCodes.Status429TooManyRequests, field: null, _ct);
        var retryAfter = throttled.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter is { } seconds && seconds > TimeSpan.Zero && seconds <= TimeSpan.FromMinutes(1), $"Retry-After: {throttled.Headers.RetryAfter}");
        using (var stillThrottled = await anonymous.GetAsync(Route, _ct))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, stillThrottled.StatusCode);
        }

        for (var request = 0; request < 5; request++)
        {
            using var accepted = await keyed.GetAsync(Route, _ct);
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }
    }

    [Fact]
    public async Task AThrottledAddressIsUnauthorizedAgainOnceItsFailuresHaveSlidOutOfTheWindow()
    {
        // The limiters take no TimeProvider: a two-second window instead of the minute stands in for the passing time.
        await using var registry = await InProcessRegistry.StartAsync(graph, TimeProvider.System, _ct, new Dictionary<string, string>
        {
            ["Pulse:FailedAuthentication:PermitLimit"] = "3",
            ["Pulse:FailedAuthentication:Window"] = "00:00:02",
        });
        using var wrong = registry.CreateClient();
        wrong.DefaultRequestHeaders.Add(PulseHeaders.ApiKey, "wrong-" + GraphFixture.ApiKey);

        for (var failure = 1; failure <= 3; failure++)
        {
            using var refused = await wrong.GetAsync(Route, _ct);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using (var throttled = await wrong.GetAsync(Route, _ct))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(2), throttled.Headers.RetryAfter?.Delta);
        }

        await Eventually.ReturnsAsync(
            async () =>
            {
                using var response = await wrong.GetAsync(Route, _ct);
                return response.StatusCode;
            },
            status => status == HttpStatusCode.Unauthorized, _ct, TimeSpan.FromSeconds(30), "a 401 after the window");
    }

    [Fact]
    public async Task ABadThrottleSettingStopsTheRegistryAtStartNamingTheSetting()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var registry = await InProcessRegistry.StartAsync(graph, TimeProvider.System, _ct, new Dictionary<string, string>
            {
                ["Pulse:FailedAuthentication:PermitLimit"] = "0",
            });
        });
        Assert.Contains("Pulse:FailedAuthentication:PermitLimit", failure.ToString(), StringComparison.Ordinal);
    }
}
