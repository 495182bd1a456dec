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

        for (var failure = 1; failure <= 20; failure++)
        {
            using var refused = await GetGrabsAsync(attacker, failure % 2 == 0 ? "wrong-" + StackFixture.PilotKey : null);
            Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, $"failure {failure}: {(int)refused.StatusCode}");
        }

        using var throttled = await GetGrabsAsync(attacker, "wrong-" + StackFixture.PilotKey);
        await ProblemAssert.NamesFieldAsync(throttled, "the 21st failure", 429, field: null, Ct);
        Assert.Equal(TimeSpan.FromMinutes(1), throttled.Headers.RetryAfter?.Delta);

        using var accepted = await GetGrabsAsync(attacker, StackFixture.PilotKey);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        using var wrongThroughTheProxy = stack.Graph.CreateHttpClient(PulseResources.Pilot, "wrong-" + StackFixture.PilotKey);
        using var proxied = await wrongThroughTheProxy.GetAsync("/api/v1/grabs", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, proxied.StatusCode);
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

    private static async Task<HttpResponseMessage> GetGrabsAsync(HttpClient client, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/grabs");
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return await client.SendAsync(request, Ct);
    }
}
