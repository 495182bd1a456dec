using System.Net.Http.Json;
using System.Text.Json;
using Pulse.Client;

namespace Pulse.Chaos;

/// <summary>
/// One resource's HTTP API as the chaos run calls it: a plain client (no retries that would hide a status), each call
/// bounded by its own timeout, and every answer (or the lack of one) counted in the <see cref="HttpLedger"/>.
/// </summary>
internal sealed class ChaosHttp(string resource, Uri endpoint, string apiKey, HttpLedger ledger) : IDisposable
{
    private readonly HttpClient _client = CreateClient(endpoint, apiKey);

    public string Resource => resource;

    /// <summary>Sends a request; <paramref name="route"/> names it in the ledger (a template, not the path with ids).</summary>
    public async Task<Answer> SendAsync(
        HttpMethod method, string path, string route, object? body, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        try
        {
            using var response = await _client.SendAsync(request, bounded.Token);
            var text = await response.Content.ReadAsStringAsync(bounded.Token);
            var status = (int)response.StatusCode;
            ledger.Record(resource, $"{method} {route}", status, text);
            return new Answer(status, Parse(response, text));
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or IOException
            && !cancellationToken.IsCancellationRequested)
        {
            ledger.RecordNoAnswer(resource, $"{method} {route}");
            return new Answer(null, null);
        }
    }

    public Task<Answer> GetAsync(string path, string route, TimeSpan timeout, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, route, null, timeout, cancellationToken);

    public void Dispose() => _client.Dispose();

    private static JsonElement? Parse(HttpResponseMessage response, string text)
    {
        if (text.Length == 0 || response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) != true)
        {
            return null;
        }

        try
        {
            return JsonElement.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static HttpClient CreateClient(Uri endpoint, string apiKey)
    {
        var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
        {
            BaseAddress = endpoint,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        client.DefaultRequestHeaders.Add(PulseHeaders.ApiKey, apiKey);
        return client;
    }
}

/// <summary>An HTTP answer: its status and JSON body, or neither when none came in time (timeout, refused, reset).</summary>
internal readonly record struct Answer(int? Status, JsonElement? Json)
{
    public bool Is(int status) => Status == status;

    public string? String(string property) =>
        Json is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
