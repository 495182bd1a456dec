using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pulse.Registry.Tests;

/// <summary>The exact requests of the Beacon Go SDK, and its answers read with the SDK's field types.</summary>
public sealed class BeaconCompatibilityTests(GraphFixture graph)
{
    private static readonly JsonSerializerOptions GoDecoding = new() { UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheGoSdkCanRegisterHeartbeatAndDiscover()
    {
        using var client = graph.CreateClient(GraphFixture.ApiKey);
        await RegisterHeartbeatAndDiscoverAsync(TestData.UniqueName("haul"), client, client);
    }

    [Fact]
    public async Task TheGoSdkWorksUnchangedWithAServicesOwnKey()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, TimeProvider.System, _ct, ServiceKeys.Settings());
        using var haul = registry.CreateKeyedClient(ServiceKeys.Haul);
        using var pilot = registry.CreateKeyedClient(ServiceKeys.Pilot);

        // Haul registers, heartbeats and discovers with its own key; Pilot, a consumer, reads the download clients' keys.
        await RegisterHeartbeatAndDiscoverAsync("haul", haul, pilot);
        using var withoutCredentials = await haul.GetAsync("/api/v1/download-clients", _ct);
        Assert.Equal(HttpStatusCode.OK, withoutCredentials.StatusCode);
    }

    private async Task RegisterHeartbeatAndDiscoverAsync(string name, HttpClient client, HttpClient consumer)
    {

        // What the Go SDK marshals: empty strings for unset strings, null for a nil slice, metadata as a string.
        var body = $$"""
            {"name":"{{name}}","type":"download-client","api_url":"http://127.0.0.1:8484","health_url":"","version":"",
             "capabilities":null,"metadata":"","api_key":"secret-go"}
            """;
        using var register = await client.PostAsync("/api/v1/services/register",
            new StringContent(body, Encoding.UTF8, "application/json"), _ct);
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        var service = JsonSerializer.Deserialize<GoService>(await register.Content.ReadAsStringAsync(_ct), GoDecoding)!;
        Assert.Equal(name, service.Name);
        Assert.Equal("", service.Version ?? "");
        Assert.Empty(service.Capabilities ?? []);

        using var heartbeat = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/services/{service.Id}/heartbeat");
        using var beat = await client.SendAsync(heartbeat, _ct);
        Assert.Equal(HttpStatusCode.NoContent, beat.StatusCode);

        using var discover = await client.GetAsync("/api/v1/services/discover?type=download-client", _ct);
        var services = JsonSerializer.Deserialize<List<GoService>>(await discover.Content.ReadAsStringAsync(_ct), GoDecoding)!;
        Assert.Contains(services, s => s.Id == service.Id && s.Status == "online");

        using var clients = await consumer.GetAsync("/api/v1/download-clients?include=credentials", _ct);
        var entries = JsonSerializer.Deserialize<List<GoDownloadClient>>(await clients.Content.ReadAsStringAsync(_ct), GoDecoding)!;
        var entry = Assert.Single(entries, e => e.Name == name);
        Assert.Equal("""{"pulse":true}""", entry.Settings);
        Assert.Equal("127.0.0.1", entry.Host);
        Assert.Equal(8484, entry.Port);
        Assert.Equal("secret-go", entry.Password);
    }

    // The Go SDK's struct field types: strings, a string slice, times; metadata and settings are strings.
    private sealed record GoService(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("api_url")] string? ApiUrl,
        [property: JsonPropertyName("health_url")] string? HealthUrl,
        [property: JsonPropertyName("version")] string? Version,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("capabilities")] string[]? Capabilities,
        [property: JsonPropertyName("metadata")] string? Metadata,
        [property: JsonPropertyName("last_seen")] DateTime LastSeen,
        [property: JsonPropertyName("registered")] DateTime Registered);

    private sealed record GoDownloadClient(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("kind")] string Kind,
        [property: JsonPropertyName("protocol")] string Protocol,
        [property: JsonPropertyName("enabled")] bool Enabled,
        [property: JsonPropertyName("priority")] int Priority,
        [property: JsonPropertyName("host")] string? Host,
        [property: JsonPropertyName("port")] int? Port,
        [property: JsonPropertyName("use_ssl")] bool? UseSsl,
        [property: JsonPropertyName("username")] string? Username,
        [property: JsonPropertyName("password")] string? Password,
        [property: JsonPropertyName("category")] string? Category,
        [property: JsonPropertyName("directory")] string? Directory,
        [property: JsonPropertyName("settings")] string? Settings);
}
