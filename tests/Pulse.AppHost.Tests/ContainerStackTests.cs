using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Pulse.ServiceDefaults;

namespace Pulse.AppHost.Tests;

/// <summary>
/// The graph on Aspire's own PostgreSQL and Redis containers, as a machine with Docker or Podman runs it. No image
/// registry is reachable here, so eng/containers.sh builds local images from Debian's packages and the test points
/// Aspire's resources at them; Program.cs keeps Aspire's default images. Each run gets fresh servers (no data volume).
/// </summary>
public sealed class ContainerStackTests
{
    private const string PostgresImage = "pulse-test/postgres";
    private const string RedisImage = "pulse-test/redis";

    [Fact]
    public async Task OnAspiresContainersTheRegistryIsHealthyAndHaulReachesBothConsumers()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var graph = await PulseGraph.StartAsync(new PulseGraphOptions
        {
            Containers = true,
            ConfigureBuilder = UseLocalImages,
        }, ct);

        using var registry = graph.CreateHttpClient(PulseResources.Registry);
        var health = await registry.GetFromJsonAsync<JsonElement>("/health", ct);
        Assert.Equal("Healthy", health.GetProperty("checks").GetProperty("postgres").GetString());
        Assert.Equal("Healthy", health.GetProperty("checks").GetProperty("redis").GetString());

        foreach (var consumer in (string[])[PulseResources.Pilot, PulseResources.Prism])
        {
            var key = (await File.ReadAllTextAsync(Path.Combine(graph.DataDirOf(consumer), "api-key"), ct)).Trim();
            using var client = graph.CreateHttpClient(consumer, key);
            await Eventually.HoldsAsync(async () =>
                (await client.GetFromJsonAsync<JsonElement[]>("/api/v1/download-clients", ct))!
                    .Any(entry => entry.GetProperty("name").GetString() == PulseResources.Haul),
                ct, what: $"haul synced into {consumer}");
        }
    }

    // Aspire's container resources, run from the locally built images, never pulled, with no data volume.
    private static void UseLocalImages(IDistributedApplicationTestingBuilder builder)
    {
        var postgres = builder.Resources.OfType<PostgresServerResource>().SingleOrDefault();
        var redis = builder.Resources.OfType<RedisResource>().SingleOrDefault();
        Assert.True(postgres is not null && redis is not null,
            "No container engine answered, so the graph chose local processes: run eng/containers.sh first.");

        foreach (var mount in builder.Resources.SelectMany(r => r.Annotations.OfType<ContainerMountAnnotation>().Select(m => (r, m))).ToList())
        {
            mount.r.Annotations.Remove(mount.m);
        }

        builder.CreateResourceBuilder(postgres).WithImage(PostgresImage, "15").WithImageRegistry("docker.io")
            .WithImagePullPolicy(ImagePullPolicy.Never);
        builder.CreateResourceBuilder(redis).WithImage(RedisImage, "7").WithImageRegistry("docker.io")
            .WithImagePullPolicy(ImagePullPolicy.Never);
    }
}
