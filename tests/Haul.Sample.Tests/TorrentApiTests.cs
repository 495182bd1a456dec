using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Haul.Sample.Torrents.Sources;
using Pulse.ServiceDefaults;

namespace Haul.Sample.Tests;

[Collection(HaulGraphCollection.Name)]
public sealed class TorrentApiTests(HaulGraphFixture graph)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryApiRouteInTheOpenApiDocumentAnswersUnauthorizedWithoutOrWithAWrongKey()
    {
        using var anonymous = graph.CreateClient(key: null);
        using var wrong = graph.CreateClient(key: "wrong-" + HaulGraphFixture.HaulKey);
        using var document = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json", Ct));
        var routes = (from path in document.RootElement.GetProperty("paths").EnumerateObject()
                      where path.Name.StartsWith("/api/v1", StringComparison.Ordinal)
                      from method in path.Value.EnumerateObject()
                      select (Method: new HttpMethod(method.Name.ToUpperInvariant()),
                          Path: path.Name.Replace("{hash}", TorrentFiles.RandomInfoHash(), StringComparison.Ordinal)
                              .Replace("{key}", Guid.NewGuid().ToString(), StringComparison.Ordinal)))
                     .ToList();

        Assert.Equal(7, routes.Count);
        foreach (var (method, path) in routes)
        {
            foreach (var client in new[] { anonymous, wrong })
            {
                using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(new { uri = "magnet:?xt=urn:btih:" + TorrentFiles.RandomInfoHash() }) };
                using var response = await client.SendAsync(request, Ct);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered {(int)response.StatusCode}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
    }

    [Fact]
    public async Task TheSameTorrentAsHexMagnetBase32MagnetAndTwiceMoreIsOneTorrent()
    {
        using var haul = graph.CreateClient();
        var hash = TorrentFiles.RandomInfoHash();
        string[] uris =
        [
            $"magnet:?xt=urn:btih:{hash}&dn=First+Name",
            $"magnet:?xt=urn:btih:{TorrentFiles.Base32(hash)}&dn=Second",
            $"magnet:?xt=urn:btih:{hash.ToUpperInvariant()}",
            $"magnet:?xt=urn:btih:{TorrentFiles.Base32(hash).ToLowerInvariant()}",
        ];

        foreach (var uri in uris)
        {
            var torrent = await AddAsync(haul, uri, HttpStatusCode.OK);
            Assert.Equal(hash, torrent.GetProperty("info_hash").GetString());
            Assert.Equal("First Name", torrent.GetProperty("name").GetString());
        }

        var all = await haul.GetFromJsonAsync<JsonElement>("/api/v1/torrents", Ct);
        Assert.Single(all.EnumerateArray(), t => t.GetProperty("info_hash").GetString() == hash);
    }

    [Fact]
    public async Task ATorrentAddedByUrlOrDataUriHasTheInfoHashOfItsFileAndAllFieldsInSnakeCase()
    {
        using var haul = graph.CreateClient();
        var (bytes, hash) = TorrentFiles.Create("show.s01e01.mkv", 5000);
        var (otherBytes, otherHash) = TorrentFiles.Create("movie.mkv", 7000);

        var byUrl = await AddAsync(haul, graph.Torrents.Serve(bytes).ToString(), HttpStatusCode.OK,
            new { category = "tv", tags = new[] { "a", "b" }, save_path = "/downloads/tv", metadata = new { grab_id = "g-1" } });
        var byData = await AddAsync(haul, TorrentFiles.DataUri(otherBytes), HttpStatusCode.OK, new { paused = true });

        Assert.Equal(hash, byUrl.GetProperty("info_hash").GetString());
        Assert.Equal("show.s01e01.mkv", byUrl.GetProperty("name").GetString());
        Assert.Equal(5000, byUrl.GetProperty("size").GetInt64());
        Assert.Equal("tv", byUrl.GetProperty("category").GetString());
        Assert.Equal(["a", "b"], byUrl.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("/downloads/tv", byUrl.GetProperty("save_path").GetString());
        Assert.Equal("g-1", byUrl.GetProperty("metadata").GetProperty("grab_id").GetString());
        Assert.Equal("downloading", byUrl.GetProperty("status").GetString());
        foreach (var field in (string[])["downloaded", "progress", "download_rate", "eta", "added_at", "completed_at"])
        {
            Assert.True(byUrl.TryGetProperty(field, out _), field);
        }

        Assert.Equal(otherHash, byData.GetProperty("info_hash").GetString());
        Assert.Equal("paused", byData.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("{not json", null)]
    [InlineData("{\"uri\": 42}", null)]
    [InlineData("{}", "uri")]
    [InlineData("{\"uri\": \"ftp://example.test/a.torrent\"}", "uri")]
    [InlineData("{\"uri\": \"magnet:?xt=urn:btih:not-a-hash\"}", "uri")]
    [InlineData("{\"uri\": \"magnet:?dn=no-hash-at-all\"}", "uri")]
    [InlineData("{\"uri\": \"data:application/x-bittorrent;base64,!!!not base64!!!\"}", "uri")]
    [InlineData("{\"uri\": \"http://\"}", "uri")]
    public async Task MalformedInputIsBadRequestWithAProblem(string body, string? field)
    {
        using var haul = graph.CreateClient();
        using var response = await haul.PostAsync("/api/v1/torrents", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (field is not null)
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        }
    }

    [Fact]
    public async Task WellFormedInputThatCannotBeResolvedIsUnprocessableAndNeverEchoesTheBody()
    {
        using var haul = graph.CreateClient();
        string[] uris =
        [
            graph.Torrents.At("/html").ToString(),
            graph.Torrents.At("/files/missing.torrent").ToString(),
            $"http://{TorrentServer.Address}:1/nothing-listens.torrent",
            "data:application/x-bittorrent;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(TorrentServer.SecretBodyMarker)),
        ];

        foreach (var uri in uris)
        {
            var (status, body) = await PostAsync(haul, uri);
            Assert.True(status == HttpStatusCode.UnprocessableEntity, $"{uri} answered {(int)status}: {body}");
            Assert.DoesNotContain(TorrentServer.SecretBodyMarker, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AUrlThatRedirectsTooOftenIsTooLargeOrTooSlowFailsAndOnlyHaulsLogSaysWhy()
    {
        using var haul = graph.CreateClient();
        var (bytes, hash) = TorrentFiles.Create("redirected.mkv", 1);
        var file = graph.Torrents.Serve(bytes);

        var threeHops = await AddAsync(haul, graph.Torrents.Redirects(3, file).ToString(), HttpStatusCode.OK);
        Assert.Equal(hash, threeHops.GetProperty("info_hash").GetString());

        var started = TimeProvider.System.GetTimestamp();
        (string Uri, string Cause)[] failures =
        [
            (graph.Torrents.Redirects(4, file).ToString(), "failed: more than 3 redirects"),
            (graph.Torrents.At("/large").ToString(), "failed: larger than 10 MiB"),
            (graph.Torrents.At("/slow").ToString(), "failed: no answer within 2 s"),
        ];
        foreach (var (uri, cause) in failures)
        {
            var (status, body) = await PostAsync(haul, uri);
            Assert.True(status == HttpStatusCode.UnprocessableEntity, $"{uri} answered {(int)status}: {body}");
            Assert.Equal(TorrentFetcher.Failed, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
            await Eventually.ReturnsAsync(
                () => graph.Graph.ConsoleOutputAsync(PulseResources.Haul, Ct),
                lines => lines.Any(line => line.Contains(cause, StringComparison.Ordinal)),
                Ct, TimeSpan.FromSeconds(30), $"Haul's log line \"{cause}\"");
        }

        Assert.InRange(TimeProvider.System.GetElapsedTime(started), TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task ARedirectToAMagnetLinkIsAccepted()
    {
        using var haul = graph.CreateClient();
        var hash = TorrentFiles.RandomInfoHash();

        var torrent = await AddAsync(haul, graph.Torrents.Redirects(1, new Uri($"magnet:?xt=urn:btih:{hash}&dn=via+redirect")).ToString(), HttpStatusCode.OK);

        Assert.Equal(hash, torrent.GetProperty("info_hash").GetString());
    }

    [Fact]
    public async Task PauseResumeGetAndDeleteWorkByInfoHash()
    {
        using var haul = graph.CreateClient();
        var hash = TorrentFiles.RandomInfoHash();
        await AddAsync(haul, $"magnet:?xt=urn:btih:{hash}&xl=100000000", HttpStatusCode.OK);

        var paused = await PostJsonAsync(haul, $"/api/v1/torrents/{hash}/pause");
        Assert.Equal("paused", paused.GetProperty("status").GetString());
        Assert.Equal(0, paused.GetProperty("download_rate").GetInt64());
        var resumed = await PostJsonAsync(haul, $"/api/v1/torrents/{TorrentFiles.Base32(hash)}/resume");
        Assert.Equal("downloading", resumed.GetProperty("status").GetString());
        Assert.Equal(1000, resumed.GetProperty("download_rate").GetInt64());
        Assert.True(resumed.GetProperty("downloaded").GetInt64() >= paused.GetProperty("downloaded").GetInt64());

        Assert.Equal(HttpStatusCode.NoContent, (await haul.DeleteAsync($"/api/v1/torrents/{hash}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await haul.GetAsync($"/api/v1/torrents/{hash}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await haul.PostAsync($"/api/v1/torrents/{hash}/pause", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task ProgressAdvancesAtTheTransferRateUntilComplete()
    {
        using var haul = graph.CreateClient();
        var hash = TorrentFiles.RandomInfoHash();
        await AddAsync(haul, $"magnet:?xt=urn:btih:{hash}&xl=1500", HttpStatusCode.OK);

        await Eventually.HoldsAsync(async () =>
        {
            var torrent = await haul.GetFromJsonAsync<JsonElement>($"/api/v1/torrents/{hash}", Ct);
            return torrent.GetProperty("status").GetString() == "completed";
        }, Ct, TimeSpan.FromSeconds(15));

        var done = await haul.GetFromJsonAsync<JsonElement>($"/api/v1/torrents/{hash}", Ct);
        Assert.Equal(1.0, done.GetProperty("progress").GetDouble());
        Assert.Equal(1500, done.GetProperty("downloaded").GetInt64());
        Assert.Equal(JsonValueKind.String, done.GetProperty("completed_at").ValueKind);
    }

    [Fact]
    public async Task TorrentsSurviveAHaulRestart()
    {
        using var haul = graph.CreateClient();
        var hash = TorrentFiles.RandomInfoHash();
        var before = await AddAsync(haul, $"magnet:?xt=urn:btih:{hash}&dn=keeper&xl=999999999", HttpStatusCode.OK, new { category = "movies" });

        await graph.Graph.RestartResourceAsync(PulseResources.Haul, changeEnvironment: null, Ct);

        using var again = graph.CreateClient();
        var after = await again.GetFromJsonAsync<JsonElement>($"/api/v1/torrents/{hash}", Ct);
        Assert.Equal("keeper", after.GetProperty("name").GetString());
        Assert.Equal("movies", after.GetProperty("category").GetString());
        Assert.Equal(before.GetProperty("added_at").GetDateTimeOffset(), after.GetProperty("added_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task HealthShowsTheRegistrationStateWithoutFailingWhenTheRegistryIsAway()
    {
        using var anonymous = graph.CreateClient(key: null);

        var health = await anonymous.GetFromJsonAsync<JsonElement>("/health", Ct);

        Assert.Equal("Degraded", health.GetProperty("checks").GetProperty("pulse").GetString());
        Assert.Equal("Healthy", health.GetProperty("checks").GetProperty("postgres").GetString());
    }

    private static async Task<JsonElement> AddAsync(HttpClient haul, string uri, HttpStatusCode expected, object? extra = null)
    {
        var body = JsonSerializer.SerializeToNode(extra ?? new { })!.AsObject();
        body["uri"] = uri;
        using var response = await haul.PostAsJsonAsync("/api/v1/torrents", body, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{uri}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient haul, string uri)
    {
        using var response = await haul.PostAsJsonAsync("/api/v1/torrents", new { uri }, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<JsonElement> PostJsonAsync(HttpClient haul, string path)
    {
        using var response = await haul.PostAsync(path, null, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }
}
