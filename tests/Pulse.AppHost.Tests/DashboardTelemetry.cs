using System.Text.Json;

namespace Pulse.AppHost.Tests;

/// <summary>
/// The Aspire dashboard's telemetry HTTP API (<c>/api/telemetry/...</c>, key in the <c>x-api-key</c> header), whose
/// answers hold OTLP JSON: <c>{"data":{"resourceSpans":[{"resource":{"attributes":[...]},"scopeSpans":[{"spans":[...]}]}]}}</c>.
/// </summary>
internal sealed class DashboardTelemetry : IDisposable
{
    /// <summary>The dashboard's resource name in an Aspire graph.</summary>
    public const string Resource = "aspire-dashboard";

    private readonly HttpClient _client;

    public DashboardTelemetry(Uri dashboard, string apiKey)
    {
        _client = new HttpClient { BaseAddress = dashboard, Timeout = TimeSpan.FromSeconds(60) };
        _client.DefaultRequestHeaders.Add("x-api-key", apiKey);
    }

    /// <summary>The raw answer to a GET of <paramref name="path"/>, which must succeed.</summary>
    public async Task<string> GetTextAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _client.GetAsync(path, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return body;
    }

    /// <summary>The status code of a GET of <paramref name="path"/> sent with <paramref name="apiKey"/> (or none) instead of the right key.</summary>
    public async Task<int> StatusWithKeyAsync(string path, string? apiKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_client.BaseAddress!, path));
        if (apiKey is not null)
        {
            request.Headers.Add("x-api-key", apiKey);
        }

        using var client = new HttpClient { Timeout = _client.Timeout };
        using var response = await client.SendAsync(request, cancellationToken);
        return (int)response.StatusCode;
    }

    /// <summary>Every span of the trace, with the service that sent it; empty while the dashboard has none.</summary>
    public async Task<IReadOnlyList<(string Service, JsonElement Span)>> TraceAsync(string traceId, CancellationToken cancellationToken)
    {
        using var response = await _client.GetAsync($"/api/telemetry/traces/{traceId}", cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return [];
        }

        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return [.. Spans(body.RootElement).Select(entry => (entry.Service, entry.Span.Clone()))];
    }

    public void Dispose() => _client.Dispose();

    private static IEnumerable<(string Service, JsonElement Span)> Spans(JsonElement response)
    {
        foreach (var resourceSpans in response.GetProperty("data").GetProperty("resourceSpans").EnumerateArray())
        {
            var service = ServiceName(resourceSpans.GetProperty("resource"));
            foreach (var scope in resourceSpans.GetProperty("scopeSpans").EnumerateArray())
            {
                foreach (var span in scope.GetProperty("spans").EnumerateArray())
                {
                    yield return (service, span);
                }
            }
        }
    }

    private static string ServiceName(JsonElement resource) =>
        resource.GetProperty("attributes").EnumerateArray()
            .Where(attribute => attribute.GetProperty("key").GetString() == "service.name")
            .Select(attribute => attribute.GetProperty("value").GetProperty("stringValue").GetString()!)
            .Single();
}
