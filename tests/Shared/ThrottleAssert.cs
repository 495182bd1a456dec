using System.Net;

namespace Pulse.Testing;

/// <summary>The one check that a service throttles failed authentications from one client address.</summary>
internal static class ThrottleAssert
{
    /// <summary>
    /// Through <paramref name="attacker"/> (a client address of its own), 20 requests to <paramref name="route"/> with
    /// no key or a wrong one are <c>401</c>, the 21st is the <c>429</c> problem with a one-minute <c>Retry-After</c>, and
    /// <paramref name="key"/> still passes from that address; through <paramref name="proxied"/> (127.0.0.1, the
    /// proxy's address) a wrong key is still <c>401</c>.
    /// </summary>
    public static async Task TwentyFailuresThenTooManyRequestsAsync(
        HttpClient attacker, HttpClient proxied, string route, string key, CancellationToken ct)
    {
        for (var failure = 1; failure <= 20; failure++)
        {
            using var refused = await SendAsync(attacker, route, failure % 2 == 0 ? "wrong-" + key : null, ct);
            Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, $"failure {failure}: {(int)refused.StatusCode}");
        }

        using var throttled = await SendAsync(attacker, route, "wrong-" + key, ct);
        await ProblemAssert.NamesFieldAsync(throttled, "the 21st failure", 429, field: null, ct);
        Assert.Equal(TimeSpan.FromMinutes(1), throttled.Headers.RetryAfter?.Delta);

        using var accepted = await SendAsync(attacker, route, key, ct);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        using var wrongThroughTheProxy = await SendAsync(proxied, route, "wrong-" + key, ct);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongThroughTheProxy.StatusCode);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string route, string? key, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, route);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return await client.SendAsync(request, ct);
    }
}
