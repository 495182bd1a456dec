using System.Net.Http.Json;
using System.Text.Json;
using Pulse.ServiceDefaults;

namespace Haul.Sample.Tests;

public sealed class HeldBackRegistryTests
{
    [Fact]
    public async Task WithTheRegistryStartedAfterHaulsFirstAttemptsFailedHaulStillGetsRegistered()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var graph = await PulseGraph.StartAsync(new PulseGraphOptions
        {
            ApiKey = RegistryClient.ApiKey,
            HoldBack = new HashSet<string> { PulseResources.Registry, PulseResources.Pilot, PulseResources.Prism },
            Environment = new Dictionary<string, Dictionary<string, string>>
            {
                // Should the registry take longer to start than the six attempts (the last ~62 s after the first),
                // Haul's standalone retry comes every 5 s instead of every 5 minutes.
                [PulseResources.Haul] = new() { ["Pulse__BackgroundRetryInterval"] = "00:00:05" },
            },
        }, ct);

        // Haul serves without the registry, says so in its health, and has tried and failed to register.
        await Eventually.HoldsAsync(
            async () => await PulseHealthAsync(graph, ct) == "Degraded"
                && (await graph.ConsoleOutputAsync(PulseResources.Haul, ct)).Any(line => line.Contains("Registration attempt 2 of 6 failed", StringComparison.Ordinal)),
            ct, TimeSpan.FromSeconds(60), "Haul degraded after two failed registration attempts");

        await graph.StartResourceAsync(PulseResources.Registry, ct);
        using var registry = RegistryClient.For(graph.CreateHttpClient(PulseResources.Registry));

        // The next attempt (waits of 2, 4, 8, 16, 32 s, then the standalone retry) finds the registry.
        await Eventually.HoldsAsync(async () => await registry.FindHaulAsync() is not null, ct, TimeSpan.FromSeconds(90), "Haul registered");
        await Eventually.HoldsAsync(async () => await PulseHealthAsync(graph, ct) == "Healthy", ct, TimeSpan.FromSeconds(30), "Haul's pulse check Healthy");
    }

    private static async Task<string?> PulseHealthAsync(PulseGraph graph, CancellationToken ct)
    {
        using var haul = graph.CreateHttpClient(PulseResources.Haul);
        var health = await haul.GetFromJsonAsync<JsonElement>("/health", ct);
        return health.GetProperty("checks").GetProperty("pulse").GetString();
    }
}
