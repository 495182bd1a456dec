using System.Net.Http.Headers;
using System.Text.Json;
using Pulse.Hosting;

namespace Pulse.Dashboard.Tests;

/// <summary>Calls the dashboard's JSON API with the bearer token.</summary>
internal sealed class Dashboard(DistributedApplication app) : IDisposable
{
    private readonly HttpClient _client = new()
    {
        BaseAddress = app.DashboardUrl,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", DashboardGraphFixture.DashboardToken) },
    };

    public async Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _client.GetAsync(path, cancellationToken);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.Clone();
    }

    public async Task<string> GetTextAsync(string path, CancellationToken cancellationToken) =>
        await _client.GetStringAsync(path, cancellationToken);

    /// <summary>The first trace of <paramref name="service"/> whose root span's name contains <paramref name="root"/>, once it arrived.</summary>
    public Task<JsonElement> WaitForTraceAsync(string service, string root, CancellationToken cancellationToken) =>
        Eventually.ValueAsync(async () =>
        {
            var traces = await GetAsync($"/api/traces?service={service}&limit=1000", cancellationToken);
            var found = traces.EnumerateArray()
                .Where(trace => trace.GetProperty("root").GetString()!.Contains(root, StringComparison.Ordinal))
                .ToList();
            return (found.Count > 0, found.FirstOrDefault());
        }, TimeSpan.FromSeconds(30), $"a trace of {service} with root '{root}'", cancellationToken);

    public void Dispose() => _client.Dispose();
}
