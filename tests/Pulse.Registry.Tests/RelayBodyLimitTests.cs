using System.Net;
using System.Text;

namespace Pulse.Registry.Tests;

/// <summary>The message route's 16 MiB body limit, against the registry process behind Kestrel.</summary>
public sealed class RelayBodyLimitTests(GraphFixture graph)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheMessageRouteTakesBodiesOverOneMebibyteAndRefusesThoseOverSixteen()
    {
        var relay = await RelayCalls.RegisterPollServiceAsync(graph.Registry, _ct);

        using var large = await PostPayloadAsync(relay.ServiceId, 4 * 1024 * 1024);
        Assert.Equal(HttpStatusCode.Accepted, large.StatusCode);

        using var tooLarge = await PostPayloadAsync(relay.ServiceId, 17 * 1024 * 1024);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);

        // Everywhere else the limit stays 1 MiB.
        using var register = new StringContent($$"""{"name":"x","type":"y","metadata":"{{new string('a', 2 * 1024 * 1024)}}"}""",
            Encoding.UTF8, "application/json");
        using var registerRequest = new HttpRequestMessage(HttpMethod.Post, "/api/v1/services/register") { Content = register };
        registerRequest.Headers.ExpectContinue = true;
        using var registerResponse = await graph.Registry.SendAsync(registerRequest, _ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, registerResponse.StatusCode);
    }

    private async Task<HttpResponseMessage> PostPayloadAsync(string serviceId, int size)
    {
        using var content = new StringContent($$"""{"type":"blob","payload":"{{new string('a', size)}}"}""", Encoding.UTF8, "application/json");
        // Expect: 100-continue lets the registry refuse a body before it is uploaded (else the connection is reset).
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/services/{serviceId}/messages") { Content = content };
        request.Headers.ExpectContinue = true;
        return await graph.Registry.SendAsync(request, _ct);
    }
}
