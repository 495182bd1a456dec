using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pulse.Registry.Tests;

/// <summary>Unique names and request bodies, so that every test owns its data.</summary>
internal static class TestData
{
    public static string UniqueName(string prefix = "svc") => $"{prefix}-{Guid.NewGuid():N}"[..24];

    public static JsonObject Registration(string name, string type = "media-manager", int port = 8383, string? apiKey = null) => new()
    {
        ["name"] = name,
        ["type"] = type,
        ["api_url"] = $"http://127.0.0.1:{port}/",
        ["health_url"] = $"http://127.0.0.1:{port}/health",
        ["api_key"] = apiKey ?? "secret-" + Guid.NewGuid().ToString("N"),
        ["version"] = "1.2.3",
        ["capabilities"] = new JsonArray("supports_torrent", "supports_categories"),
        ["metadata"] = """{"content":"tv"}""",
    };

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> PostJsonAsync(
        HttpClient client, string path, JsonNode body, CancellationToken ct)
    {
        var response = await client.PostAsJsonAsync(path, body, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>A download client's registration in poll mode (no reachable URL), named after <paramref name="name"/>.</summary>
    public static JsonObject PollService(string name)
    {
        var registration = Registration(name + "-svc", "download-client");
        registration.Remove("api_url");
        registration.Remove("health_url");
        registration["delivery_mode"] = "poll";
        return registration;
    }

    /// <summary>Adds a manual download client named after <paramref name="name"/>, and returns its id.</summary>
    public static async Task<string> CreateManualClientAsync(HttpClient client, string name, CancellationToken ct)
    {
        var (response, body) = await PostJsonAsync(client, "/api/v1/download-clients",
            new JsonObject { ["name"] = name + "-dc", ["kind"] = "q", ["host"] = "10.0.0.1", ["port"] = 80, ["category"] = "tv" }, ct);
        using (response)
        {
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"create: {(int)response.StatusCode} {body}");
            return body.GetProperty("id").GetString()!;
        }
    }

    /// <summary>Sends a relay message to a poll-mode <paramref name="service"/>, and returns its id.</summary>
    public static async Task<string> PostMessageAsync(HttpClient client, string service, CancellationToken ct)
    {
        var (response, body) = await PostJsonAsync(client, $"/api/v1/services/{service}/messages",
            new JsonObject { ["type"] = "torrent.add", ["payload"] = new JsonObject { ["uri"] = "magnet:?xt=urn:btih:abc" } }, ct);
        using (response)
        {
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"message: {(int)response.StatusCode} {body}");
            return body.GetProperty("message_id").GetString()!;
        }
    }

    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string path, CancellationToken ct)
    {
        using var response = await client.GetAsync(path, ct);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.Clone();
    }

    public static async Task<string> RegisterAsync(HttpClient client, JsonObject registration, CancellationToken ct)
    {
        var (response, body) = await PostJsonAsync(client, "/api/v1/services/register", registration, ct);
        Assert.True(response.IsSuccessStatusCode, $"register: {(int)response.StatusCode} {body}");
        return body.GetProperty("id").GetString()!;
    }
}
