using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pulse.ServiceDefaults;

namespace Pilot.Sample.Tests;

public sealed class StandaloneTests
{
    [Fact]
    public async Task WithoutTheRegistryHaulAndPilotServeAndAManualClientTakesGrabs()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var graph = await PulseGraph.StartAsync(new PulseGraphOptions
        {
            HoldBack = new HashSet<string> { PulseResources.Registry, PulseResources.Prism },
            Environment = new Dictionary<string, Dictionary<string, string>>
            {
                [PulseResources.Pilot] = new() { ["Pilot__ApiKey"] = StackFixture.PilotKey },
                [PulseResources.Haul] = new() { ["Haul__ApiKey"] = "standalone-haul-key" },
            },
        }, ct);

        using var pilot = graph.CreateHttpClient(PulseResources.Pilot, StackFixture.PilotKey);
        using var added = await pilot.PostAsJsonAsync("/api/v1/download-clients", new
        {
            name = "my-haul",
            url = graph.Endpoint(PulseResources.Haul).ToString(),
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
