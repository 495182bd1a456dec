using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Haul.Sample.Tests;

[Collection(HaulGraphCollection.Name)]
public sealed class IdempotencyKeyTests(HaulGraphFixture graph)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnAddUnderAKeyIsFoundByThatKeyAndARepeatAnswersTheFirstTorrentWithoutResolvingAgain()
    {
        using var haul = graph.CreateClient();
        var key = Guid.NewGuid().ToString();
        var (bytes, hash) = TorrentFiles.Create("keyed.s01e01.mkv", 4000);

        var (status, first) = await AddAsync(haul, graph.Torrents.Serve(bytes).ToString(), key);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(hash, first.GetProperty("info_hash").GetString());

        var (foundStatus, found) = await LookupAsync(haul, key);
        Assert.Equal(HttpStatusCode.OK, foundStatus);
        Assert.Equal(hash, found.GetProperty("info_hash").GetString());

        // The repeat names a file that is not there: it is answered from the key, so nothing is fetched.
        var (repeatStatus, repeat) = await AddAsync(haul, graph.Torrents.At("/files/missing.torrent").ToString(), key);
        Assert.Equal(HttpStatusCode.OK, repeatStatus);
        Assert.Equal(hash, repeat.GetProperty("info_hash").GetString());
        var all = await haul.GetFromJsonAsync<JsonElement[]>("/api/v1/torrents", Ct);
        Assert.Single(all!, t => t.GetProperty("info_hash").GetString() == hash);
    }

    [Fact]
    public async Task ConcurrentAddsUnderOneKeyAreOneTorrentAndAllAnswerIt()
    {
        using var haul = graph.CreateClient();
        var key = Guid.NewGuid().ToString();
        var (bytes, hash) = TorrentFiles.Create("raced.mkv", 3000);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => AddAsync(haul, TorrentFiles.DataUri(bytes), key)));

        Assert.All(answers, answer =>
        {
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.Equal(hash, answer.Torrent.GetProperty("info_hash").GetString());
        });
        Assert.Equal(hash, (await LookupAsync(haul, key)).Torrent.GetProperty("info_hash").GetString());
    }

    [Fact]
    public async Task AnUnknownKeyIsNotFoundAndDeletingATorrentForgetsEveryKeyItWasAddedUnder()
    {
        using var haul = graph.CreateClient();
        var (unknownStatus, unknown) = await LookupAsync(haul, Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.NotFound, unknownStatus);
        Assert.True(unknown.TryGetProperty("title", out _), "a problem");

        // Two grabs of one torrent: two keys, one torrent.
        var hash = TorrentFiles.RandomInfoHash();
        string[] keys = [Guid.NewGuid().ToString(), Guid.NewGuid().ToString()];
        foreach (var key in keys)
        {
            Assert.Equal(HttpStatusCode.OK, (await AddAsync(haul, $"magnet:?xt=urn:btih:{hash}", key)).Status);
            Assert.Equal(hash, (await LookupAsync(haul, key)).Torrent.GetProperty("info_hash").GetString());
        }

        Assert.Equal(HttpStatusCode.NoContent, (await haul.DeleteAsync($"/api/v1/torrents/{hash}", Ct)).StatusCode);

        foreach (var key in keys)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await LookupAsync(haul, key)).Status);
        }
    }

    [Theory]
    [InlineData("has space")]
    [InlineData(null)]
    public async Task AKeyThatIsNotOneTo200VisibleAsciiCharactersIsBadRequestAndAddsNothing(string? key)
    {
        key ??= new string('k', 201);
        using var haul = graph.CreateClient();
        var hash = TorrentFiles.RandomInfoHash();

        var (status, problem) = await AddAsync(haul, $"magnet:?xt=urn:btih:{hash}", key);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await haul.GetAsync($"/api/v1/torrents/{hash}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await LookupAsync(haul, key)).Status);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Torrent)> AddAsync(HttpClient haul, string uri, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/torrents") { Content = JsonContent.Create(new { uri }) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        using var response = await haul.SendAsync(request, Ct);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(Ct));
    }

    private static async Task<(HttpStatusCode Status, JsonElement Torrent)> LookupAsync(HttpClient haul, string key)
    {
        using var response = await haul.GetAsync($"/api/v1/torrents/by-idempotency-key/{Uri.EscapeDataString(key)}", Ct);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(Ct));
    }
}
