using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Haul.Sample.Tests;

/// <summary>
/// The regression table for text that cannot be stored (a NUL, a lone surrogate) and other bad input on every route of
/// Haul: each is a 4xx problem naming the field, the torrent it names is not added, and a torrent the test holds reads
/// back unchanged.
/// </summary>
[Collection(HaulGraphCollection.Name)]
public sealed class UnstorableInputTests(HaulGraphFixture graph)
{
    // Written into JSON bodies as escapes, so the request itself is valid UTF-8 JSON.
    private const string Nul = @"\u0000";
    private const string Lone = @"\ud800";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// why, method, path, body (or null), content type, expected status, expected error key (or null). Placeholders:
    /// {hash} a fresh info hash (never added), {held} a torrent the test added first, {nul_torrent} a data: URI of a
    /// torrent whose name holds a NUL, {NUL} and {LONE} the JSON escapes, {huge} 31 MB of padding.
    /// </summary>
    public static TheoryData<string, string, string, string?, string, int, string?> Cases => new()
    {
        { "a NUL in the magnet's dn", "POST", "/api/v1/torrents", """{"uri":"magnet:?xt=urn:btih:{hash}&dn=a{NUL}b"}""", "application/json", 400, "uri" },
        { "a percent-encoded NUL in the magnet's dn", "POST", "/api/v1/torrents", """{"uri":"magnet:?xt=urn:btih:{hash}&dn=a%00b"}""", "application/json", 400, "uri" },
        { "a lone surrogate in the uri", "POST", "/api/v1/torrents", """{"uri":"magnet:?xt=urn:btih:{hash}&dn={LONE}"}""", "application/json", 400, "uri" },
        { "a data: torrent whose name holds a NUL", "POST", "/api/v1/torrents", """{"uri":"{nul_torrent}"}""", "application/json", 400, "uri" },
        { "a NUL in the category", "POST", "/api/v1/torrents", """{"uri":"magnet:?xt=urn:btih:{hash}","category":"tv{NUL}"}""", "application/json", 400, "category" },
        { "a lone surrogate in the save path", "POST", "/api/v1/torrents", """{"uri":"magnet:?xt=urn:btih:{hash}","save_path":"/data/{LONE}"}""", "application/json", 400, "save_path" },
        { "a NUL in a tag", "POST", "/api/v1/torrents", """{"uri":"magnet:?xt=urn:btih:{hash}","tags":["ok","{NUL}"]}""", "application/json", 400, "tags" },
        { "a NUL deep in metadata", "POST", "/api/v1/torrents", """{"uri":"magnet:?xt=urn:btih:{hash}","metadata":{"a":[{"b":"{NUL}"}]}}""", "application/json", 400, "metadata" },
        { "a lone surrogate in a metadata key", "POST", "/api/v1/torrents", """{"uri":"magnet:?xt=urn:btih:{hash}","metadata":{"{LONE}":1}}""", "application/json", 400, "metadata" },
        { "a string for paused", "POST", "/api/v1/torrents", """{"uri":"magnet:?xt=urn:btih:{hash}","paused":"yes"}""", "application/json", 400, "paused" },
        { "a string for tags", "POST", "/api/v1/torrents", """{"uri":"magnet:?xt=urn:btih:{hash}","tags":"tv"}""", "application/json", 400, "tags" },
        { "a number for the uri", "POST", "/api/v1/torrents", """{"uri":42,"category":"{hash}"}""", "application/json", 400, "uri" },
        { "malformed JSON", "POST", "/api/v1/torrents", """{"uri":"magnet:?xt=urn:btih:{hash}" """, "application/json", 400, null },
        { "a JSON array", "POST", "/api/v1/torrents", """["magnet:?xt=urn:btih:{hash}"]""", "application/json", 400, null },
        { "a text/plain body", "POST", "/api/v1/torrents", """{"uri":"magnet:?xt=urn:btih:{hash}"}""", "text/plain", 415, null },
        { "a body over the size limit", "POST", "/api/v1/torrents", """{"uri":"magnet:?xt=urn:btih:{hash}","category":"{huge}"}""", "application/json", 413, null },
        { "a NUL in the list's query", "GET", "/api/v1/torrents?limit=%00", null, "application/json", 400, "limit" },
        { "a NUL in a pause's query", "POST", "/api/v1/torrents/{held}/pause?why=%00", null, "application/json", 400, "why" },
        { "a NUL in a delete's query", "DELETE", "/api/v1/torrents/{held}?force=%00", null, "application/json", 400, "force" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadInputIsAProblemNamingTheFieldAndChangesNothing(
        string why, string method, string path, string? body, string contentType, int status, string? field)
    {
        using var haul = graph.CreateClient();
        var hash = TorrentFiles.RandomInfoHash();
        var held = TorrentFiles.RandomInfoHash();
        using (var add = await haul.PostAsync("/api/v1/torrents", Json($$$"""{"uri":"magnet:?xt=urn:btih:{{{held}}}&dn=held","category":"tv","tags":["a"],"metadata":{"k":"v"}}"""), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, add.StatusCode);
        }

        var before = await ReadBackAsync(haul, held);
        var (nulTorrent, nulHash) = TorrentFiles.Create("bad\0name", 1000);

        string Fill(string text) => text
            .Replace("{hash}", hash, StringComparison.Ordinal).Replace("{held}", held, StringComparison.Ordinal)
            .Replace("{nul_torrent}", TorrentFiles.DataUri(nulTorrent), StringComparison.Ordinal)
            .Replace("{huge}", text.Contains("{huge}", StringComparison.Ordinal) ? new string('x', 31_000_000) : "", StringComparison.Ordinal)
            .Replace("{NUL}", Nul, StringComparison.Ordinal).Replace("{LONE}", Lone, StringComparison.Ordinal);

        // Expect: 100-continue lets Haul refuse an oversize body before the client sends it, as a real client would.
        using var request = new HttpRequestMessage(new HttpMethod(method), Fill(path)) { Headers = { ExpectContinue = true } };
        if (body is not null)
        {
            request.Content = new StringContent(Fill(body), Encoding.UTF8, contentType);
        }

        using var response = await haul.SendAsync(request, Ct);
        await ProblemAssert.NamesFieldAsync(response, why, status, field, Ct);

        foreach (var absent in new[] { hash, nulHash })
        {
            using var read = await haul.GetAsync($"/api/v1/torrents/{absent}", Ct);
            Assert.True(read.StatusCode == HttpStatusCode.NotFound, $"{why}: {absent} was stored");
        }

        Assert.Equal(before, await ReadBackAsync(haul, held));
    }

    [Theory]
    [InlineData("GET", "/api/v1/torrents/{held}%00")]
    [InlineData("POST", "/api/v1/torrents/%00{held}/resume")]
    [InlineData("DELETE", "/api/v1/torrents/{held}%00")]
    public async Task ANulInThePathIsRefusedBeforeAnyRouteAndChangesNothing(string method, string path)
    {
        using var haul = graph.CreateClient();
        var held = TorrentFiles.RandomInfoHash();
        using (var add = await haul.PostAsync("/api/v1/torrents", Json($$"""{"uri":"magnet:?xt=urn:btih:{{held}}","paused":true}"""), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, add.StatusCode);
        }

        var before = await ReadBackAsync(haul, held);
        using var response = await haul.SendAsync(new HttpRequestMessage(new HttpMethod(method), path.Replace("{held}", held, StringComparison.Ordinal)), Ct);

        // Kestrel itself refuses a NUL in the path, before routing: a 400 without a body.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await ReadBackAsync(haul, held));
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    // The held torrent as stored, without the fields the simulated transfer moves.
    private static async Task<string> ReadBackAsync(HttpClient haul, string hash)
    {
        using var response = await haul.GetAsync($"/api/v1/torrents/{hash}", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{hash}: {(int)response.StatusCode} {text}");
        var torrent = JsonNode.Parse(text)!.AsObject();
        foreach (var moving in new[] { "downloaded", "progress", "download_rate", "eta", "completed_at", "status" })
        {
            torrent.Remove(moving);
        }

        return torrent.ToJsonString() + " paused=" + (JsonNode.Parse(text)!["status"]!.GetValue<string>() == "paused");
    }
}
