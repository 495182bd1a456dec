using System.Net;
using Pulse.Hosting.Orchestration;
using Pulse.Hosting.Testing;
using Pulse.ServiceDefaults;

namespace Pulse.AppHost.Tests;

public sealed class HeldBackRegistryTests
{
    [Fact]
    public async Task SamplesBecomeHealthyWithTheRegistryHeldBack()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>(cancellationToken: ct);
        builder.HoldBack(PulseResources.Registry);
        await using var app = builder.Build();
        await app.StartAsync(ct);

        Assert.Equal(ResourceState.NotStarted, app.GetResourceState(PulseResources.Registry));
        foreach (var sample in (string[])[PulseResources.Haul, PulseResources.Pilot, PulseResources.Prism])
        {
            await app.WaitForResourceHealthyAsync(sample, ct);
            using var client = app.CreateHttpClient(sample);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health", ct)).StatusCode);
        }

        // The held-back registry's endpoint was allocated at start, and it starts on demand.
        Assert.NotEqual(0, app.Endpoint(PulseResources.Registry).Port);
        await app.StartResourceAsync(PulseResources.Registry, ct);
        await app.WaitForResourceHealthyAsync(PulseResources.Registry, ct);
    }
}
