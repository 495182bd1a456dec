using System.Net;
using System.Text;
using System.Text.Json;

namespace Pulse.Registry.Tests;

/// <summary>Bad input gets its 4xx problem, never a 5xx, and stores nothing.</summary>
public sealed class BadInputTests(GraphFixture graph)
{
    private const string Valid = "\"name\":\"{0}\",\"type\":\"media-manager\",\"api_url\":\"http://127.0.0.1:8383\"";
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string, int, string?> Registrations => new()
    {
        { "not JSON", "application/json", "{not json", 400, null },
        { "a JSON array", "application/json", "[]", 400, null },
        { "text/plain", "text/plain", With(""), 415, null },
        { "name is a number", "application/json", """{"name":5,"type":"t","api_url":"http://x"}""", 400, "name" },
        { "capabilities is a string", "application/json", With("\"capabilities\":\"supports_torrent\""), 400, "capabilities" },
        { "capabilities hold a number", "application/json", With("\"capabilities\":[1]"), 400, "capabilities" },
        { "metadata is a number", "application/json", With("\"metadata\":5"), 400, "metadata" },
        { "metadata is not a JSON object", "application/json", With("\"metadata\":\"[1,2]\""), 400, "metadata" },
        { "api_url is an object", "application/json", """{"name":"{0}","type":"t","api_url":{}}""", 400, "api_url" },
        { "name is missing", "application/json", """{"type":"t","api_url":"http://127.0.0.1"}""", 400, "name" },
        { "type is empty", "application/json", """{"name":"{0}","type":"","api_url":"http://127.0.0.1"}""", 400, "type" },
        { "api_url is missing in push mode", "application/json", """{"name":"{0}","type":"t"}""", 400, "api_url" },
        { "name is too long", "application/json", "{\"name\":\"{0}" + new string('n', 200) + "\",\"type\":\"t\",\"api_url\":\"http://x\"}", 400, "name" },
        { "version is too long", "application/json", With($"\"version\":\"{new string('v', 65)}\""), 400, "version" },
        { "api_key is too long", "application/json", With($"\"api_key\":\"{new string('k', 257)}\""), 400, "api_key" },
        { "too many capabilities", "application/json", With("\"capabilities\":[" + string.Join(",", Enumerable.Range(0, 65).Select(i => $"\"c{i}\"")) + "]"), 400, "capabilities" },
        { "metadata over 16 KiB", "application/json", With("\"metadata\":\"{\\\"a\\\":\\\"" + new string('m', 17_000) + "\\\"}\""), 400, "metadata" },
        { "api_url is not a URL", "application/json", """{"name":"{0}","type":"t","api_url":"not a url"}""", 400, "api_url" },
        { "api_url is ftp", "application/json", """{"name":"{0}","type":"t","api_url":"ftp://127.0.0.1/"}""", 400, "api_url" },
        { "health_url is relative", "application/json", With("\"health_url\":\"/health\""), 400, "health_url" },
        { "an unknown delivery_mode", "application/json", With("\"delivery_mode\":\"carrier-pigeon\""), 400, "delivery_mode" },
        { "id is not a UUID", "application/json", With("\"id\":\"42\""), 400, "id" },
        { "a 2 MB body", "application/json", With("\"padding\":\"" + new string('p', 2_000_000) + "\""), 413, null },
    };

    [Theory]
    [MemberData(nameof(Registrations))]
    public async Task ABadRegistrationGetsItsProblemAndStoresNothing(string why, string contentType, string template, int status, string? field)
    {
        var name = TestData.UniqueName("bad");
        var body = template.Replace("{0}", name, StringComparison.Ordinal);

        // Expect: 100-continue lets the registry refuse an oversize body before the client sends it, as a real client would.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/services/register")
        {
            Content = new StringContent(body, Encoding.UTF8)
            {
                Headers = { ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType) },
            },
            Headers = { ExpectContinue = true },
        };
        using var response = await graph.Registry.SendAsync(request, _ct);

        Assert.True((int)response.StatusCode == status, $"{why}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(_ct)}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(_ct)).RootElement;
        Assert.True(problem.TryGetProperty("title", out _), why);
        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{why}: no error for {field}: {problem}");
        }

        var all = await TestData.GetJsonAsync(graph.Registry, "/api/v1/services", _ct);
        Assert.DoesNotContain(all.EnumerateArray(), s => s.GetProperty("name").GetString()!.StartsWith(name, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/api/v1/services?index=1&wait=forever", "wait")]
    [InlineData("/api/v1/services?index=1&wait=-5s", "wait")]
    [InlineData("/api/v1/services?index=abc", "index")]
    [InlineData("/api/v1/services/discover?index=1&wait=10parsecs", "wait")]
    [InlineData("/api/v1/download-clients?index=1&wait=1d", "wait")]
    [InlineData("/api/v1/events?after=abc", "after")]
    [InlineData("/api/v1/events?after=-1", "after")]
    [InlineData("/api/v1/events?after=0&limit=0", "limit")]
    [InlineData("/api/v1/events?after=0&limit=501", "limit")]
    [InlineData("/api/v1/events?after=0&wait=soon", "wait")]
    public async Task ABadQueryParameterIsABadRequestNamingIt(string path, string field)
    {
        using var response = await graph.Registry.GetAsync(path, _ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(_ct)).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("""{"name":"{0}","kind":"q","host":"10.0.0.1","port":"8080"}""", "port")]
    [InlineData("""{"name":"{0}","kind":"q","host":"10.0.0.1","port":70000}""", "port")]
    [InlineData("""{"name":"{0}","kind":"q","host":"10.0.0.1","port":80,"enabled":"yes"}""", "enabled")]
    [InlineData("""{"name":"{0}","kind":"q","host":"10.0.0.1","port":80,"protocol":"carrier"}""", "protocol")]
    [InlineData("""{"name":"{0}","kind":"q","host":"not a host!","port":80}""", "host")]
    [InlineData("""{"name":"{0}","kind":"q","host":"10.0.0.1","port":80,"settings":"nope"}""", "settings")]
    public async Task ABadManualDownloadClientGetsItsProblemAndStoresNothing(string template, string field)
    {
        var name = TestData.UniqueName("bad");
        using var response = await graph.Registry.PostAsync("/api/v1/download-clients",
            new StringContent(template.Replace("{0}", name, StringComparison.Ordinal), Encoding.UTF8, "application/json"), _ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(_ct)).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        var all = await TestData.GetJsonAsync(graph.Registry, "/api/v1/download-clients", _ct);
        Assert.DoesNotContain(all.EnumerateArray(), e => e.GetProperty("name").GetString() == name);
    }

    private static string With(string extra) => "{" + Valid + (extra.Length > 0 ? "," + extra : "") + "}";
}
