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
