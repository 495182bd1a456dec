using System.Net;
using Aspire.Hosting.ApplicationModel;
using Pulse.ServiceDefaults;

namespace Pulse.AppHost.Tests;

/// <summary>The samples discover the registry but do not wait for it: a graph of its own, the registry held back.</summary>
public sealed class HeldBackRegistryTests
{
    [Fact]
    public async Task TheSamplesBecomeHealthyWithTheRegistryHeldBackAndTheRegistryStartsOnDemand()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var graph = await PulseGraph.StartAsync(
            new PulseGraphOptions { HoldBack = new HashSet<string> { PulseResources.Registry } }, ct);

        Assert.True(graph.App.ResourceNotifications.TryGetCurrentState(PulseResources.Registry, out var registry));
        Assert.Equal(KnownResourceStates.NotStarted, registry!.Snapshot.State?.Text);
        foreach (var sample in (string[])[PulseResources.Haul, PulseResources.Pilot, PulseResources.Prism])
        {
            using var client = graph.CreateHttpClient(sample);
            using var health = await client.GetAsync("/health", ct);
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        await graph.StartResourceAsync(PulseResources.Registry, ct);
        using var started = graph.CreateHttpClient(PulseResources.Registry);
        using var answer = await started.GetAsync("/health", ct);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }
}
