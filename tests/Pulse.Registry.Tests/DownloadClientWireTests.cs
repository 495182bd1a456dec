using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Pulse.Registry.Tests.TestData;

namespace Pulse.Registry.Tests;

/// <summary>
/// A download-client entry's exact body: Beacon's split address (<c>host, port, use_ssl, url_base</c>) beside
/// <c>api_url</c>, and the key as <c>password</c>, whatever the registry keeps inside.
/// </summary>
public sealed class DownloadClientWireTests(GraphFixture graph)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Seed-Box.Example", 8080, true,
        """host":"Seed-Box.Example","port":8080,"use_ssl":true,"url_base":null,"api_url":"https://seed-box.example:8080/""")]
    [InlineData("::1", 80, false,
        """host":"::1","port":80,"use_ssl":false,"url_base":null,"api_url":"http://[::1]/""")]
    [InlineData("10.0.0.7", 443, null,
        """host":"10.0.0.7","port":443,"use_ssl":false,"url_base":null,"api_url":"http://10.0.0.7:443/""")]
    public async Task AManualEntryKeepsTheHostAsTypedAndItsKeyAsPassword(string host, int port, bool? useSsl, string address)
    {
        using var client = graph.CreateClient(GraphFixture.ApiKey);
        var name = UniqueName("manual");
        var body = new JsonObject
        {
            ["name"] = name, ["kind"] = "qbittorrent", ["host"] = host, ["port"] = port, ["password"] = "manual-secret",
        };
        if (useSsl is { } ssl)
        {
            body["use_ssl"] = ssl;
        }

        var (created, entry) = await PostJsonAsync(client, "/api/v1/download-clients", body, _ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = entry.GetProperty("id").GetString()!;

        var read = Stable(await GetJsonAsync(client, $"/api/v1/download-clients/{id}?include=credentials", _ct));

        Assert.Equal(
            $$"""{"name":"{{name}}","kind":"qbittorrent","protocol":"torrent","enabled":true,"priority":1,"{{address}}","delivery_mode":"push","username":null,"category":null,"directory":null,"settings":null,"service_id":null,"status":"unknown","password":"manual-secret"}""",
            read);
        Assert.Equal(read.Replace(",\"password\":\"manual-secret\"", "", StringComparison.Ordinal), Stable(entry));
    }

    [Theory]
    [InlineData("https://Haul.Example:9443/prefix/",
        """host":"haul.example","port":9443,"use_ssl":true,"url_base":"/prefix","api_url":"https://Haul.Example:9443/prefix/""")]
    [InlineData("http://127.0.0.1:8484",
        """host":"127.0.0.1","port":8484,"use_ssl":false,"url_base":null,"api_url":"http://127.0.0.1:8484""")]
    [InlineData("https://[::1]/a/b",
        """host":"[::1]","port":443,"use_ssl":true,"url_base":"/a/b","api_url":"https://[::1]/a/b""")]
    public async Task AServicesEntryDerivesTheSplitAddressFromItsApiUrl(string apiUrl, string address)
    {
        using var client = graph.CreateClient(GraphFixture.ApiKey);
        var name = UniqueName("haul");
        var registration = Registration(name, "download-client", apiKey: "owned-secret");
        registration["api_url"] = apiUrl;
        var serviceId = await RegisterAsync(client, registration, _ct);

        var list = await GetJsonAsync(client, "/api/v1/download-clients?include=credentials", _ct);
        var entry = Assert.Single(list.EnumerateArray(), e => e.GetProperty("service_id").GetString() == serviceId);

        Assert.Equal(
            $$"""{"name":"{{name}}","kind":"{{name}}","protocol":"torrent","enabled":true,"priority":1,"{{address}}","delivery_mode":"push","username":null,"category":null,"directory":null,"settings":"{\"pulse\":true}","service_id":"{{serviceId}}","status":"online","password":"owned-secret"}""",
            Stable(entry));
    }

    // The entry without what differs from run to run: its id and times.
    private static string Stable(JsonElement entry)
    {
        var node = JsonNode.Parse(entry.GetRawText())!.AsObject();
        node.Remove("id");
        node.Remove("created_at");
        node.Remove("updated_at");
        return node.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
