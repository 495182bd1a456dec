using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Pulse.Replicas.Tests;

/// <summary>The services a test registers as its own: a type no sample uses, so no consumer syncs them, and names under a prefix of the test's.</summary>
internal static class TestServices
{
    public const string Type = "replica-failure-test";

    /// <summary>Registers (again at once after a connection error) and answers the service's id.</summary>
    public static async Task<string> RegisterAsync(
        HttpClient registry, string name, Tally retries, CancellationToken cancellationToken, bool poll = false)
    {
        object body = poll
            ? new { name, type = Type, delivery_mode = "poll" }
            : new { name, type = Type, api_url = $"http://127.0.0.1:9/{name}" };
        using var response = await AtOnce.SendAsync(registry,
            () => new HttpRequestMessage(HttpMethod.Post, "/api/v1/services/register") { Content = JsonContent.Create(body) },
            retries, cancellationToken);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"Registering {name}: {(int)response.StatusCode}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetString()!;
    }

    /// <summary>The services whose names start with <paramref name="prefix"/>, by id: <c>(name, status, lease_expires_at)</c>.</summary>
    public static async Task<SortedDictionary<string, (string Name, string Status)>> ListAsync(
        HttpClient registry, string prefix, CancellationToken cancellationToken)
    {
        var services = await registry.GetFromJsonAsync<JsonElement[]>("/api/v1/services", cancellationToken);
        return new(services!.Where(service => service.GetProperty("name").GetString()!.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(
                service => service.GetProperty("id").GetString()!,
                service => (service.GetProperty("name").GetString()!, service.GetProperty("status").GetString()!)), StringComparer.Ordinal);
    }

    /// <summary>A list as one line, to compare two replicas' answers and show them.</summary>
    public static string Show(SortedDictionary<string, (string Name, string Status)> services) =>
        string.Join(", ", services.Select(pair => $"{pair.Value.Name}={pair.Value.Status}"));

    /// <summary>A prefix no other test and no earlier run uses.</summary>
    public static string NewPrefix(string test) => $"{test}-{Guid.NewGuid().ToString("N")[..6]}-";
}
