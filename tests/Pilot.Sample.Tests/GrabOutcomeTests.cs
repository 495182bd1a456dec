using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Haul.Sample.Tests;
using Pulse.ServiceDefaults;

namespace Pilot.Sample.Tests;

/// <summary>A grab's outcome agrees with Haul's: what Pilot records is what Haul has, whatever happened to the answer.</summary>
[Collection(StackCollection.Name)]
public sealed class GrabOutcomeTests(StackFixture stack) : IAsyncLifetime
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(3);

    private readonly TorrentServer _torrents = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await _torrents.StartAsync(Ct);

    public async ValueTask DisposeAsync() => await _torrents.DisposeAsync();

    [Fact]
    public async Task WithHaulFrozenPastTheSendTimeoutMagnetHttpAndDataGrabsAnswer202AndEachEndsSentAndInHaulOnceUnderItsId()
    {
        using var pilot = stack.Consumer(PulseResources.Pilot);
        await ConsumerApi.WaitForHaulAsync(pilot, stack.HaulUrl, stack.HaulKey, Ct);
        var (httpTorrent, httpHash) = TorrentFiles.Create("frozen.http.s01e01.mkv", 2000);
        var (dataTorrent, dataHash) = TorrentFiles.Create("frozen.data.s01e02.mkv", 3000);
        var magnetHash = TorrentFiles.RandomInfoHash();
        (string Uri, string InfoHash)[] wanted =
        [
            ($"magnet:?xt=urn:btih:{magnetHash}", magnetHash),
            (_torrents.Serve(httpTorrent).ToString(), httpHash),
            (TorrentFiles.DataUri(dataTorrent), dataHash),
        ];

        JsonElement[] answered;
        using (stack.Graph.Freeze(PulseResources.Haul))
        {
            // Each send times out (10 s) and so does its one retry: Pilot answers while Haul is still frozen.
            answered = await Task.WhenAll(wanted.Select(async grab =>
            {
                using var answer = await pilot.PostAsJsonAsync("/api/v1/grabs",
                    new { title = "Frozen " + grab.InfoHash[..8], uri = grab.Uri, category = "tv" }, Ct);
                var body = await answer.Content.ReadFromJsonAsync<JsonElement>(Ct);
                Assert.True(answer.StatusCode == HttpStatusCode.Accepted, $"{(int)answer.StatusCode}: {body}");
                return body;
            })).WaitAsync(Generous, Ct);
        }

        Assert.All(answered, grab =>
        {
            Assert.Equal("pending", grab.GetProperty("status").GetString());
            Assert.Equal(PulseResources.Haul, grab.GetProperty("download_client").GetString());
        });

        using var haul = stack.Haul();
        for (var i = 0; i < wanted.Length; i++)
        {
            var id = answered[i].GetProperty("id").GetString()!;
            var sent = await Eventually.ReturnsAsync(
                () => pilot.GetFromJsonAsync<JsonElement>($"/api/v1/grabs/{id}", Ct),
                grab => grab.GetProperty("status").GetString() != "pending", Ct, Generous, $"grab {id} to leave pending");
            Assert.Equal("sent", sent.GetProperty("status").GetString());
            Assert.Equal(wanted[i].InfoHash, sent.GetProperty("info_hash").GetString());

            var keyed = await haul.GetFromJsonAsync<JsonElement>($"/api/v1/torrents/by-idempotency-key/{id}", Ct);
            Assert.Equal(wanted[i].InfoHash, keyed.GetProperty("info_hash").GetString());
        }

        var torrents = (await haul.GetFromJsonAsync<JsonElement[]>("/api/v1/torrents", Ct))!;
        Assert.All(wanted, grab => Assert.Single(torrents, t => t.GetProperty("info_hash").GetString() == grab.InfoHash));
    }

    [Fact]
    public async Task AGrabHaulRefusesAnswers502NamingHaulAndIsStoredFailedWithNothingInHaulUnderItsId()
    {
        using var pilot = stack.Consumer(PulseResources.Pilot);
        await ConsumerApi.WaitForHaulAsync(pilot, stack.HaulUrl, stack.HaulKey, Ct);
        var uri = _torrents.At($"/files/{Guid.NewGuid():N}.torrent").ToString(); // 404 there: Haul answers 422

        using var answer = await pilot.PostAsJsonAsync("/api/v1/grabs", new { title = "Refused", uri, category = "tv" }, Ct);

        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(answer.StatusCode == HttpStatusCode.BadGateway, $"{(int)answer.StatusCode}: {problem}");
        Assert.Contains("'haul'", problem.GetProperty("detail").GetString());
        Assert.Contains("422", problem.GetProperty("detail").GetString());
        var stored = (await pilot.GetFromJsonAsync<JsonElement[]>("/api/v1/grabs", Ct))!.First(g => g.GetProperty("uri").GetString() == uri);
        Assert.Equal("failed", stored.GetProperty("status").GetString());
        using var haul = stack.Haul();
        using var lookup = await haul.GetAsync($"/api/v1/torrents/by-idempotency-key/{stored.GetProperty("id").GetString()}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }
}
