using System.Net;
using Pulse.ServiceDefaults;

namespace Haul.Sample.Tests;

/// <summary>
/// Haul throttles failed authentications per client address. The graph is shared with tests that expect every wrong
/// key from 127.0.0.1 (the proxy's address) to be a 401, so this test connects straight to Haul's process from
/// 127.0.0.2, a client address of its own, and leaves 127.0.0.1's allowance alone.
/// </summary>
[Collection(HaulGraphCollection.Name)]
public sealed class FailedAuthenticationThrottleTests(HaulGraphFixture graph)
{
    private const string Route = "/api/v1/torrents";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwentyWrongKeysFromOneAddressAreUnauthorizedTheNextIsTooManyRequestsAndTheRightKeyStillPasses()
    {
        using var attacker = DirectClients.From(IPAddress.Parse("127.0.0.2"), graph.Graph.TargetEndpoint(PulseResources.Haul));

        for (var failure = 1; failure <= 20; failure++)
        {
            using var refused = await SendAsync(attacker, failure % 2 == 0 ? "wrong-" + HaulGraphFixture.HaulKey : null);
            Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, $"failure {failure}: {(int)refused.StatusCode}");
        }

        using var throttled = await SendAsync(attacker, "wrong-" + HaulGraphFixture.HaulKey);
        await ProblemAssert.NamesFieldAsync(throttled, "the 21st failure", 429, field: null, Ct);
        Assert.Equal(TimeSpan.FromMinutes(1), throttled.Headers.RetryAfter?.Delta);

        // The same address with the right key, and the proxy's address with a wrong one, are not throttled.
        using var accepted = await SendAsync(attacker, HaulGraphFixture.HaulKey);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        using var wrongThroughTheProxy = graph.CreateClient("wrong-" + HaulGraphFixture.HaulKey);
        using var proxied = await wrongThroughTheProxy.GetAsync(Route, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, proxied.StatusCode);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Route);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return await client.SendAsync(request, Ct);
    }
}
