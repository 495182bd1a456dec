using System.Net;
using System.Text;
using System.Text.Json;

namespace Haul.Sample.Tests;

/// <summary>
/// The request-body contract of <c>POST /api/v1/torrents</c>, as a table: each body gets exactly this status and exactly
/// these error keys (the snake_case JSON field names, or the header's name). Recorded on the hand-written checks, kept
/// when the route validates its body with the built-in validation.
/// </summary>
[Collection(HaulGraphCollection.Name)]
public sealed class BodyContractTests(HaulGraphFixture graph)
{
    private const string Json = "application/json";
    private const string Magnet = "magnet:?xt=urn:btih:{hash}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// why, content type, body (null: none), Idempotency-Key header (null: none), status, error keys (comma-separated,
    /// sorted; empty: none). Placeholders: {hash} a fresh info hash, {refused} an http url Haul's fetch policy refuses,
    /// {missing} an http url that answers 404.
    /// </summary>
    public static TheoryData<string, string, string?, string?, int, string> Cases => new()
    {
        // The body as a whole.
        { "not JSON", Json, "{", null, 400, "" },
        { "a trailing comma", Json, "{\"uri\":\"" + Magnet + "\",}", null, 400, "" },
        { "no body", Json, null, null, 400, "" },
        { "an empty body", Json, "", null, 400, "" },
        { "JSON null", Json, "null", null, 400, "" },
        { "an array", Json, "[]", null, 400, "" },
        { "a string", Json, "\"" + Magnet + "\"", null, 400, "" },
        { "text/plain", "text/plain", "{\"uri\":\"" + Magnet + "\"}", null, 415, "" },
        { "an empty object", Json, "{}", null, 400, "uri" },

        // The uri: required, then resolved by its scheme.
        { "uri is null", Json, """{"uri":null}""", null, 400, "uri" },
        { "uri is empty", Json, """{"uri":""}""", null, 400, "uri" },
        { "uri is blank", Json, """{"uri":"   "}""", null, 400, "uri" },
        { "uri is missing but other fields are fine", Json, """{"category":"tv","tags":["a"],"paused":true}""", null, 400, "uri" },
        { "uri is a number", Json, """{"uri":42}""", null, 400, "uri" },
        { "uri is an object", Json, """{"uri":{"href":"x"}}""", null, 400, "uri" },
        { "uri is an array", Json, """{"uri":["magnet:"]}""", null, 400, "uri" },
        { "an unknown scheme", Json, """{"uri":"ftp://127.0.0.2/a.torrent"}""", null, 400, "uri" },
        { "not a uri at all", Json, """{"uri":"not a uri"}""", null, 400, "uri" },
        { "a magnet without an info hash", Json, """{"uri":"magnet:?dn=nothing"}""", null, 400, "uri" },
        { "a magnet with a short info hash", Json, """{"uri":"magnet:?xt=urn:btih:abc123"}""", null, 400, "uri" },
        { "a magnet with a non-hex info hash", Json, """{"uri":"magnet:?xt=urn:btih:zz00000000000000000000000000000000000000"}""", null, 400, "uri" },
        { "a malformed http url", Json, """{"uri":"http://"}""", null, 400, "uri" },
        { "a data uri of the wrong media type", Json, """{"uri":"data:text/plain;base64,aGVsbG8="}""", null, 400, "uri" },
        { "a data uri with bad base64", Json, """{"uri":"data:application/x-bittorrent;base64,!!!"}""", null, 400, "uri" },

        // Well-formed but not resolvable: 422, no field.
        { "an http url the fetch policy refuses", Json, """{"uri":"{refused}"}""", null, 422, "" },
        { "an http url that answers 404", Json, """{"uri":"{missing}"}""", null, 422, "" },
        { "a data uri that holds no torrent", Json, """{"uri":"data:application/x-bittorrent;base64,aGVsbG8="}""", null, 422, "" },

        // The optional fields: each of the wrong JSON type.
        { "category is a number", Json, "{\"uri\":\"" + Magnet + "\",\"category\":5}", null, 400, "category" },
        { "category is an object", Json, "{\"uri\":\"" + Magnet + "\",\"category\":{}}", null, 400, "category" },
        { "save_path is a boolean", Json, "{\"uri\":\"" + Magnet + "\",\"save_path\":true}", null, 400, "save_path" },
        { "tags is a string", Json, "{\"uri\":\"" + Magnet + "\",\"tags\":\"tv\"}", null, 400, "tags" },
        { "tags hold a number", Json, "{\"uri\":\"" + Magnet + "\",\"tags\":[1]}", null, 400, "tags" },
        { "tags is an object", Json, "{\"uri\":\"" + Magnet + "\",\"tags\":{}}", null, 400, "tags" },
        { "paused is a string", Json, "{\"uri\":\"" + Magnet + "\",\"paused\":\"yes\"}", null, 400, "paused" },
        { "paused is a number", Json, "{\"uri\":\"" + Magnet + "\",\"paused\":1}", null, 400, "paused" },
        { "paused is null", Json, "{\"uri\":\"" + Magnet + "\",\"paused\":null}", null, 400, "paused" },
        { "a type error before a missing uri", Json, """{"category":5}""", null, 400, "category" },

        // The Idempotency-Key header.
        { "an Idempotency-Key with a space", Json, "{\"uri\":\"" + Magnet + "\"}", "a b", 400, "Idempotency-Key" },
        { "an Idempotency-Key over 200 characters", Json, "{\"uri\":\"" + Magnet + "\"}", new string('k', 201), 400, "Idempotency-Key" },

        // What the contract accepts.
        { "the uri alone", Json, "{\"uri\":\"" + Magnet + "\"}", null, 200, "" },
        { "every field", Json, "{\"uri\":\"" + Magnet + "\",\"category\":\"tv\",\"save_path\":\"/d\",\"tags\":[\"a\",\"b\"],\"paused\":true,\"metadata\":{\"grab_id\":\"g\"}}", null, 200, "" },
        { "nulls for the optional fields", Json, "{\"uri\":\"" + Magnet + "\",\"category\":null,\"save_path\":null,\"tags\":null,\"metadata\":null}", null, 200, "" },
        { "unknown fields are ignored", Json, "{\"uri\":\"" + Magnet + "\",\"priority\":\"x\",\"extra\":[1,{\"a\":null}],\"weight\":3.5}", null, 200, "" },
        { "metadata may be any JSON", Json, "{\"uri\":\"" + Magnet + "\",\"metadata\":5}", null, 200, "" },
        { "long text is not limited", Json, "{\"uri\":\"" + Magnet + "\",\"category\":\"" + new string('c', 5000) + "\",\"save_path\":\"/" + new string('p', 5000) + "\",\"tags\":[\"" + new string('t', 5000) + "\"]}", null, 200, "" },
        { "a good Idempotency-Key", Json, "{\"uri\":\"" + Magnet + "\"}", "grab-{hash}", 200, "" },
        { "application/merged+json is JSON too", "application/merged+json", "{\"uri\":\"" + Magnet + "\"}", null, 200, "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EveryBodyGetsItsStatusAndExactlyItsErrorKeys(
        string why, string contentType, string? body, string? idempotencyKey, int status, string keys)
    {
        using var haul = graph.CreateClient();
        var hash = TorrentFiles.RandomInfoHash();
        string Fill(string text) => text
            .Replace("{hash}", hash, StringComparison.Ordinal)
            .Replace("{refused}", "http://127.0.0.1:9/" + hash + ".torrent", StringComparison.Ordinal)
            .Replace("{missing}", graph.Torrents.At("/missing/" + hash + ".torrent").ToString(), StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/torrents");
        if (body is not null)
        {
            request.Content = new StringContent(Fill(body), Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", Fill(idempotencyKey));
        }

        using var response = await haul.SendAsync(request, Ct);
        var text = await ProblemAssert.HasErrorKeysAsync(response, why, status, keys, Ct);
        if (status < 400)
        {
            Assert.Equal(hash, JsonDocument.Parse(text).RootElement.GetProperty("info_hash").GetString());
            return;
        }

        using var read = await haul.GetAsync($"/api/v1/torrents/{hash}", Ct);
        Assert.True(read.StatusCode == HttpStatusCode.NotFound, $"{why}: the refused torrent was stored");
    }
}
