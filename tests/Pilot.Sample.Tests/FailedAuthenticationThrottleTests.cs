using System.Net;
using Pulse.ServiceDefaults;

namespace Pilot.Sample.Tests;

/// <summary>
/// Pilot throttles failed authentications per client address: wrong keys on its API and wrong keys typed into its
/// sign-in form. The graph is shared with tests that expect every wrong key from 127.0.0.1 (the proxy's address) to be a
/// 401, so these tests connect straight to Pilot's process from addresses of their own (127.0.0.2, 127.0.0.3).
/// </summary>
[Collection(StackCollection.Name)]
public sealed class FailedAuthenticationThrottleTests(StackFixture stack)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwentyWrongApiKeysFromOneAddressAreUnauthorizedTheNextIsTooManyRequestsAndTheRightKeyStillPasses()
    {
        using var attacker = DirectClients.From(IPAddress.Parse("127.0.0.2"), stack.Graph.TargetEndpoint(PulseResources.Pilot));
        using var proxied = stack.Graph.CreateHttpClient(PulseResources.Pilot, apiKey: null);

        await ThrottleAssert.TwentyFailuresThenTooManyRequestsAsync(attacker, proxied, "/api/v1/grabs", StackFixture.PilotKey, Ct);
    }

    [Fact]
    public async Task TwentyWrongKeysTypedIntoTheSignInFormAreTurnedAwayTheNextIsTooManyRequestsAndTheRightKeyStillSignsIn()
    {
        using var browser = new WebSessionClient(stack.Graph.TargetEndpoint(PulseResources.Pilot), IPAddress.Parse("127.0.0.3"));
        var (_, token) = await browser.PageAsync(Ct);

        for (var failure = 1; failure <= 20; failure++)
        {
            using var refused = await browser.PostFormAsync("/signin", [token, new("api_key", "wrong-" + StackFixture.PilotKey)], Ct);
            Assert.True(refused.StatusCode == HttpStatusCode.Redirect, $"failure {failure}: {(int)refused.StatusCode}");
            Assert.Contains("message=", refused.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }

        using var throttled = await browser.PostFormAsync("/signin", [token, new("api_key", "wrong-" + StackFixture.PilotKey)], Ct);
        await ProblemAssert.NamesFieldAsync(throttled, "the 21st failed sign-in", 429, field: null, Ct);
        Assert.Equal(TimeSpan.FromMinutes(1), throttled.Headers.RetryAfter?.Delta);
        Assert.Null(browser.AuthCookie());

        await browser.SignInAsync(StackFixture.PilotKey, Ct);
        Assert.True(await browser.IsSignedInAsync(Ct));
    }
}
