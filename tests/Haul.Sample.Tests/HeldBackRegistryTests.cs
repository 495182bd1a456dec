extern alias apphost;

using System.Net.Http.Json;
using System.Text.Json;
using Pulse.Hosting.Testing;
using Pulse.ServiceDefaults;

namespace Haul.Sample.Tests;

public sealed class HeldBackRegistryTests
{
    [Fact]
    public async Task WithTheRegistryStarted20SecondsLateHaulStillGetsRegistered()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<apphost::Program>(
            [$"--Parameters:pulse-api-key={RegistryClient.ApiKey}"], ct);
        builder.HoldBack(PulseResources.Registry, PulseResources.Pilot, PulseResources.Prism);
        await using var app = builder.Build();
        await app.StartAsync(ct);
        await app.WaitForResourceHealthyAsync(PulseResources.Haul, ct);

        // Haul serves without the registry, and says so in its health.
        await Task.Delay(TimeSpan.FromSeconds(20), ct);
        using (var haul = app.CreateHttpClient(PulseResources.Haul))
        {
            var health = await haul.GetFromJsonAsync<JsonElement>("/health", ct);
            Assert.Equal("Degraded", health.GetProperty("checks").GetProperty("pulse").GetString());
        }

        await app.StartResourceAsync(PulseResources.Registry, ct);
        await app.WaitForResourceHealthyAsync(PulseResources.Registry, ct);
        using var registry = RegistryClient.For(app.CreateHttpClient(PulseResources.Registry));

        // The attempts at 14 s and 30 s (after 2, 4, 8, 16 s of waits) fall after the registry's start.
        await Eventually.HoldsAsync(async () => await registry.FindHaulAsync() is not null, ct, TimeSpan.FromSeconds(60));
    }
}
