using System.Net;
using System.Text.Json;
using Pulse.Hosting.Testing;
using Pulse.ServiceDefaults;

namespace Pulse.AppHost.Tests;

public sealed class RegistryHealthTests
{
    [Fact]
    public async Task RegistryReportsPostgresAndRedisHealthyAndRedisDownAsDegraded()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>(cancellationToken: ct);
        builder.HoldBack(PulseResources.Haul, PulseResources.Pilot, PulseResources.Prism);
        await using var app = builder.Build();
        await app.StartAsync(ct);
        await app.WaitForResourceHealthyAsync(PulseResources.Registry, ct);
        using var registry = app.CreateHttpClient(PulseResources.Registry);

        var healthy = await GetHealthAsync(registry, ct);
        Assert.Equal(("Healthy", "Healthy", "Healthy"), healthy);

        await app.StopResourceAsync(PulseResources.Redis, ct);
        Assert.Equal(("Degraded", "Healthy", "Degraded"), await GetHealthAsync(registry, ct));

        await app.StartResourceAsync(PulseResources.Redis, ct);
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
