using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pulse.ServiceDefaults;

namespace Pilot.Sample.Tests;

[Collection(StackCollection.Name)]
public sealed class SeedFlowTests(StackFixture stack)
{
    [Fact]
    public async Task HaulAppearsInBothConsumersWithItsKeyAndAGrabLandsInHaulWithItsCategory()
    {
        var ct = TestContext.Current.CancellationToken;
        foreach (var consumer in (string[])[PulseResources.Pilot, PulseResources.Prism])
        {
            using var client = stack.Consumer(consumer);
            var haul = await Eventually.ReturnsAsync(
                () => FindSyncedHaulAsync(client, ct),
                entry => entry is { } e && e.TryGetProperty("api_key", out var key) && key.GetString() == stack.HaulKey,
                ct,
                within: TimeSpan.FromSeconds(20));
            Assert.Equal("pulse", haul!.Value.GetProperty("source").GetString());
            Assert.Equal(stack.HaulUrl, haul.Value.GetProperty("url").GetString());
            Assert.Equal("online", haul.Value.GetProperty("status").GetString());
        }

        using var pilot = stack.Consumer(PulseResources.Pilot);
        var infoHash = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "00000000";
        using var answer = await pilot.PostAsJsonAsync("/api/v1/grabs",
            new { title = "Show S01E01", uri = $"magnet:?xt=urn:btih:{infoHash}&dn=show", category = "tv" }, ct);

        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        var grab = await answer.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("sent", grab.GetProperty("status").GetString());
        Assert.Equal(infoHash, grab.GetProperty("info_hash").GetString());
        Assert.Equal("haul", grab.GetProperty("download_client").GetString());

        using var haulApi = stack.Haul();
        var torrent = await haulApi.GetFromJsonAsync<JsonElement>($"/api/v1/torrents/{infoHash}", ct);
        Assert.Equal("tv", torrent.GetProperty("category").GetString());
    }

    [Fact]
    public async Task EveryApiRouteRequiresTheConsumersOwnKey()
    {
        var ct = TestContext.Current.CancellationToken;
        using var anonymous = stack.Graph.CreateHttpClient(PulseResources.Pilot);
        using var prismKeyOnPilot = stack.Graph.CreateHttpClient(PulseResources.Pilot, StackFixture.PrismKey);
        using var sameOrigin = stack.Graph.CreateHttpClient(PulseResources.Pilot);
        sameOrigin.DefaultRequestHeaders.Add("Sec-Fetch-Site", "same-origin");

        foreach (var client in (HttpClient[])[anonymous, prismKeyOnPilot, sameOrigin])
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/download-clients", ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/grabs", ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized,
                (await client.PostAsJsonAsync("/api/v1/grabs", new { title = "t", uri = "magnet:?xt=urn:btih:" + new string('a', 40) }, ct)).StatusCode);
        }
    }

    private static async Task<JsonElement?> FindSyncedHaulAsync(HttpClient consumer, CancellationToken ct)
    {
        var clients = await consumer.GetFromJsonAsync<JsonElement[]>("/api/v1/download-clients?include=credentials", ct);
        return clients!.Where(c => c.GetProperty("name").GetString() == PulseResources.Haul && c.GetProperty("source").GetString() == "pulse")
            .Select(c => (JsonElement?)c).FirstOrDefault();
    }
}
