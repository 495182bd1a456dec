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
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwentyWrongKeysFromOneAddressAreUnauthorizedTheNextIsTooManyRequestsAndTheRightKeyStillPasses()
    {
        using var attacker = DirectClients.From(IPAddress.Parse("127.0.0.2"), graph.Graph.TargetEndpoint(PulseResources.Haul));
        using var proxied = graph.CreateClient(key: null);

        await ThrottleAssert.TwentyFailuresThenTooManyRequestsAsync(attacker, proxied, "/api/v1/torrents", HaulGraphFixture.HaulKey, Ct);
    }
}
