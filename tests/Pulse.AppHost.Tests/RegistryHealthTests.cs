using System.Net;
using System.Text.Json;
using Pulse.ServiceDefaults;

namespace Pulse.AppHost.Tests;

[Collection(FullGraphCollection.Name)]
public sealed class RegistryHealthTests(FullGraphFixture graph)
{
    [Fact]
    public async Task RegistryReportsPostgresAndRedisHealthyAndRedisDownAsDegraded()
    {
        var ct = TestContext.Current.CancellationToken;
        var app = graph.App;
        await app.WaitForResourceHealthyAsync(PulseResources.Registry, ct);
        using var registry = app.CreateHttpClient(PulseResources.Registry);
        Assert.Equal(("Healthy", "Healthy", "Healthy"), await GetHealthAsync(registry, ct));

        await app.StopResourceAsync(PulseResources.Redis, ct);
        try
        {
            Assert.Equal(("Degraded", "Healthy", "Degraded"), await GetHealthAsync(registry, ct));
        }
        finally
        {
            await app.StartResourceAsync(PulseResources.Redis, ct);
        }

        await Eventually.HoldsAsync(async () => await GetHealthAsync(registry, ct) == ("Healthy", "Healthy", "Healthy"), ct);
    }

    private static async Task<(string Status, string Postgres, string Redis)> GetHealthAsync(HttpClient client, CancellationToken ct)
    {
        using var response = await client.GetAsync("/health", ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var checks = body.RootElement.GetProperty("checks");
        return (body.RootElement.GetProperty("status").GetString()!,
            checks.GetProperty(PulseResources.PostgresHealthCheck).GetString()!,
            checks.GetProperty(PulseResources.RedisHealthCheck).GetString()!);
    }
}
