using System.Net;
using System.Text.Json;
using Pulse.ServiceDefaults;

namespace Pulse.AppHost.Tests;

[Collection(GraphCollection.Name)]
public sealed class RegistryHealthTests(GraphFixture fixture)
{
    private static readonly (string, string, string) AllHealthy = ("Healthy", "Healthy", "Healthy");

    [Fact]
    public async Task TheRegistryReportsRedisDownAsDegradedWith200AndHealthyAgainOnceItIsBack()
    {
        var ct = TestContext.Current.CancellationToken;
        var graph = fixture.Graph;
        using var registry = graph.CreateHttpClient(PulseResources.Registry);
        Assert.Equal(AllHealthy, await HealthAsync(registry, ct));

        await graph.StopResourceAsync(PulseResources.Redis, ct);
        try
        {
            await Eventually.HoldsAsync(async () => await HealthAsync(registry, ct) == ("Degraded", "Healthy", "Degraded"), ct,
                what: "the registry reporting Redis as degraded");
        }
        finally
        {
            await graph.StartResourceAsync(PulseResources.Redis, ct);
        }

        await Eventually.HoldsAsync(async () => await HealthAsync(registry, ct) == AllHealthy, ct, what: "the registry healthy again");
    }

    /// <summary>The registry's /health: overall status, then its PostgreSQL and Redis checks; always HTTP 200.</summary>
    private static async Task<(string Status, string Postgres, string Redis)> HealthAsync(HttpClient client, CancellationToken ct)
    {
        using var response = await client.GetAsync("/health", ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/health answered {(int)response.StatusCode}: {body}");
        using var health = JsonDocument.Parse(body);
        var checks = health.RootElement.GetProperty("checks");
        return (health.RootElement.GetProperty("status").GetString()!,
            checks.GetProperty(PulseResources.PostgresHealthCheck).GetString()!,
            checks.GetProperty(PulseResources.RedisHealthCheck).GetString()!);
    }
}
