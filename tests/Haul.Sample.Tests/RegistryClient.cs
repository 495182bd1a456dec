using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pulse.Client;

namespace Haul.Sample.Tests;

/// <summary>Reads the registry the way an operator would, with its key, to see what Haul registered.</summary>
internal sealed class RegistryClient(HttpClient http) : IDisposable
{
    public const string ApiKey = "test-registry-key-0123456789abcdef";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static RegistryClient For(HttpClient http)
    {
        http.DefaultRequestHeaders.Add(PulseHeaders.ApiKey, ApiKey);
        return new RegistryClient(http);
    }

    /// <summary>Haul's registration, or null if the registry has none (or does not answer).</summary>
    public async Task<JsonElement?> FindHaulAsync()
    {
        try
        {
            var services = await http.GetFromJsonAsync<JsonElement>("/api/v1/services", Ct);
            return services.EnumerateArray()
                .Where(s => s.GetProperty("name").GetString() == "haul" && s.GetProperty("type").GetString() == "download-client")
                .Select(s => (JsonElement?)s)
                .FirstOrDefault();
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public async Task<JsonElement?> GetServiceAsync(string id)
    {
        try
        {
            using var response = await http.GetAsync($"/api/v1/services/{id}", Ct);
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>(Ct) : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>The download-client entry owned by <paramref name="serviceId"/>, with its password.</summary>
    public async Task<JsonElement?> FindDownloadClientAsync(string serviceId)
    {
        var entries = await http.GetFromJsonAsync<JsonElement>("/api/v1/download-clients?include=credentials", Ct);
        return entries.EnumerateArray()
            .Where(e => e.GetProperty("service_id").GetString() == serviceId)
            .Select(e => (JsonElement?)e)
            .FirstOrDefault();
    }

    public void Dispose() => http.Dispose();
}
