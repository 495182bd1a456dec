using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;

namespace Pulse.Client.Registry;

/// <summary>
/// Calls the registry's service and download-client routes through the <see cref="HttpClientName"/> client, which has
/// no standard resilience handler: callers apply their own policy from each result's <see cref="PulseCallOutcome"/>.
/// </summary>
/// <param name="httpClientFactory">Creates the <see cref="HttpClientName"/> client.</param>
/// <param name="options">The registry's URL, key and call timeout.</param>
public sealed class PulseRegistryClient(IHttpClientFactory httpClientFactory, IOptionsMonitor<PulseRegistrationOptions> options)
{
    /// <summary>The name of the <see cref="HttpClient"/> used for the registry (configure its primary handler if needed).</summary>
    public const string HttpClientName = "Pulse.Registry";

    /// <summary>Registers (or re-registers) a service: <c>POST /api/v1/services/register</c>.</summary>
    public Task<PulseResult<ServiceRecord>> RegisterAsync(RegisterRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "api/v1/services/register",
            JsonContent.Create(request, PulseJsonContext.Default.RegisterRequest),
            PulseJsonContext.Default.ServiceRecord, cancellationToken);

    /// <summary>Renews a registration's lease: <c>PUT /api/v1/services/{id}/heartbeat</c>; <see cref="PulseCallOutcome.NotFound"/> means re-register.</summary>
    public Task<PulseResult<bool>> HeartbeatAsync(string serviceId, CancellationToken cancellationToken) =>
        SendAsync<bool>(HttpMethod.Put, $"api/v1/services/{Uri.EscapeDataString(serviceId)}/heartbeat", null, null, cancellationToken);

    /// <summary>Marks a service offline at once on graceful shutdown: <c>POST /api/v1/services/{id}/leave</c>.</summary>
    public Task<PulseResult<bool>> LeaveAsync(string serviceId, CancellationToken cancellationToken) =>
        SendAsync<bool>(HttpMethod.Post, $"api/v1/services/{Uri.EscapeDataString(serviceId)}/leave", null, null, cancellationToken);

    /// <summary>Reads one service: <c>GET /api/v1/services/{id}</c>.</summary>
    public Task<PulseResult<ServiceRecord>> GetServiceAsync(string serviceId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"api/v1/services/{Uri.EscapeDataString(serviceId)}", null,
            PulseJsonContext.Default.ServiceRecord, cancellationToken);

    /// <summary>
    /// Reads every download-client entry with its key (<c>GET /api/v1/download-clients?include=credentials</c>). With
    /// <paramref name="index"/> and <paramref name="wait"/> it is a blocking read that answers when the
    /// registry index moves away from <paramref name="index"/> or the wait ends.
    /// </summary>
    public async Task<PulseResult<DownloadClientList>> GetDownloadClientsAsync(
        long? index, TimeSpan? wait, CancellationToken cancellationToken)
    {
        var path = "api/v1/download-clients?include=credentials";
        if (index is { } i && wait is { } w)
        {
            path += string.Create(CultureInfo.InvariantCulture, $"&index={i}&wait={(long)w.TotalMilliseconds}ms");
        }

        // A blocking read is held up to its wait plus the registry's jitter (wait/16): the timeout must outlast both.
        var timeout = options.CurrentValue.RequestTimeout + (wait ?? TimeSpan.Zero) * 1.1;
        return await SendCoreAsync(HttpMethod.Get, path, null, timeout, async (response, ct) =>
        {
            var list = await response.Content.ReadFromJsonAsync(PulseJsonContext.Default.ListDownloadClientRecord, ct) ?? [];
            long? responseIndex = response.Headers.TryGetValues(PulseHeaders.Index, out var values)
                && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                ? parsed : null;
            return new DownloadClientList(list, responseIndex);
        }, cancellationToken);
    }

    private Task<PulseResult<T>> SendAsync<T>(HttpMethod method, string path, HttpContent? content,
        JsonTypeInfo<T>? body, CancellationToken cancellationToken) =>
        SendCoreAsync(method, path, content, options.CurrentValue.RequestTimeout, async (response, ct) =>
            body is null ? (T)(object)true : (await response.Content.ReadFromJsonAsync(body, ct))!, cancellationToken);

    // Shared with the relay's client (Relay/PulseRelayClient): one error classification for every call.
    internal async Task<PulseResult<T>> SendCoreAsync<T>(HttpMethod method, string path, HttpContent? content, TimeSpan timeout,
        Func<HttpResponseMessage, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            using var request = new HttpRequestMessage(method, new Uri(BaseAddress(current), path)) { Content = content };
            if (!string.IsNullOrEmpty(current.ApiKey))
            {
                request.Headers.Add(PulseHeaders.ApiKey, current.ApiKey);
            }

            var http = httpClientFactory.CreateClient(HttpClientName);
            http.Timeout = Timeout.InfiniteTimeSpan;
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token);
            if (response.IsSuccessStatusCode)
            {
                return PulseResult<T>.Success(await read(response, timeoutSource.Token), response.StatusCode);
            }

            return PulseResult<T>.Failure(Classify(response.StatusCode), response.StatusCode,
                await DescribeAsync(response, timeoutSource.Token));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return PulseResult<T>.Failure(PulseCallOutcome.Transient, null,
                $"no answer within {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s");
        }
        catch (HttpRequestException exception)
        {
            return PulseResult<T>.Failure(PulseCallOutcome.Transient, null, $"network error: {exception.HttpRequestError}");
        }
        catch (JsonException)
        {
            return PulseResult<T>.Failure(PulseCallOutcome.Transient, null, "the registry's answer is not the expected JSON");
        }
    }

    /// <summary>
    /// Sorts an HTTP status into an outcome: <c>2xx</c> success, <c>404</c> not found, <c>408</c>, <c>429</c> and
    /// <c>5xx</c> transient, any other permanent.
    /// </summary>
    public static PulseCallOutcome Classify(HttpStatusCode status) => (int)status switch
    {
        >= 200 and < 300 => PulseCallOutcome.Success,
        404 => PulseCallOutcome.NotFound,
        408 or 429 or >= 500 => PulseCallOutcome.Transient,
        _ => PulseCallOutcome.Permanent,
    };

    private static Uri BaseAddress(PulseRegistrationOptions options)
    {
        var url = options.PulseUrl ?? throw new InvalidOperationException("Pulse:Url is empty: the integration is disabled.");
        return new Uri(url.EndsWith('/') ? url : url + "/", UriKind.Absolute);
    }

    // "401 Unauthorized: <problem title>": the status and the registry's own words, never the request (which holds keys).
    private static async Task<string> DescribeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = string.Create(CultureInfo.InvariantCulture, $"{(int)response.StatusCode} {response.ReasonPhrase ?? response.StatusCode.ToString()}");
        if (response.Content.Headers.ContentType?.MediaType is not ("application/problem+json" or "application/json"))
        {
            return status;
        }

        try
        {
            var problem = await response.Content.ReadFromJsonAsync(PulseJsonContext.Default.ProblemBody, cancellationToken);
            var words = problem?.Detail ?? problem?.Title;
            return string.IsNullOrWhiteSpace(words) ? status : $"{status}: {Truncate(words, 300)}";
        }
        catch (JsonException)
        {
            return status;
        }
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
