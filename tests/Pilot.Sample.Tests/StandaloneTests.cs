using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pulse.Hosting.Testing;
using Pulse.ServiceDefaults;

namespace Pilot.Sample.Tests;

public sealed class StandaloneTests
{
    [Fact]
    public async Task WithoutTheRegistryHaulAndPilotServeAndAManualClientTakesGrabs()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>(cancellationToken: ct);
        builder.HoldBack(PulseResources.Registry, PulseResources.Prism);
        builder.WithEnvironment(PulseResources.Pilot, "Pilot__ApiKey", StackFixture.PilotKey);
        builder.WithEnvironment(PulseResources.Haul, "Haul__ApiKey", "standalone-haul-key");
        await using var app = builder.Build();
        await app.StartAsync(ct);

        using var pilot = app.CreateHttpClient(PulseResources.Pilot);
        pilot.DefaultRequestHeaders.Add("X-Api-Key", StackFixture.PilotKey);
        using var added = await pilot.PostAsJsonAsync("/api/v1/download-clients", new
        {
            name = "my-haul",
            url = app.Endpoint(PulseResources.Haul).Url.ToString(),
            api_key = "standalone-haul-key",
        }, ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal("manual", (await added.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("source").GetString());

        using var answer = await ConsumerApi.GrabAsync(pilot, ConsumerApi.NewInfoHash(), ct);

        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        var grab = await answer.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("sent", grab.GetProperty("status").GetString());
        Assert.Equal("my-haul", grab.GetProperty("download_client").GetString());
    }
}
