using System.Net;
using System.Text.Json;
using Pilot.Sample.DownloadClients;
using Pulse.Client;

namespace Pilot.Sample.Grabs;

/// <summary>
/// Talks to a download client about one grab, with the client's key: sends it (<c>POST {url}/api/v1/torrents</c>, the
/// grab's id as <c>Idempotency-Key</c>, so a resend answers what the first send did) or asks whether the client has it
/// (<c>GET {url}/api/v1/torrents/by-idempotency-key/{id}</c>). Each call times out after <see cref="AttemptTimeout"/>.
/// </summary>
internal sealed class DownloadClientSender(IHttpClientFactory httpClients)
{
    public const string HttpClientName = "download-client";
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    public Task<SendOutcome> SendAsync(DownloadClientRecord client, GrabRecord grab, CancellationToken cancellationToken) =>
        CallAsync(client, HttpMethod.Post, "api/v1/torrents", request =>
        {
            request.Content = JsonContent.Create(new TorrentRequest(grab.Uri, grab.Category), PilotJsonContext.Default.TorrentRequest);
            request.Headers.Add(IdempotencyKeyHeader, grab.Id.ToString());
        }, cancellationToken);

    public Task<SendOutcome> LookupAsync(DownloadClientRecord client, GrabRecord grab, CancellationToken cancellationToken) =>
        CallAsync(client, HttpMethod.Get, $"api/v1/torrents/by-idempotency-key/{grab.Id}", _ => { }, cancellationToken);

    private async Task<SendOutcome> CallAsync(
        DownloadClientRecord client, HttpMethod method, string path, Action<HttpRequestMessage> prepare, CancellationToken cancellationToken)
    {
        if (client.Url is null)
        {
            return new SendOutcome.Refused($"'{client.Name}' has no URL (it is in {client.DeliveryMode} delivery mode)");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AttemptTimeout);
        // The client's routes live under its base URL, which may have a path of its own (a reverse proxy's prefix).
        using var request = new HttpRequestMessage(method, new Uri(client.Url, $"{client.Url.AbsolutePath.TrimEnd('/')}/{path}"));
        request.Headers.Add(PulseHeaders.ApiKey, client.ApiKey);
        prepare(request);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            return response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => new SendOutcome.Unauthorized(),
                HttpStatusCode.NotFound when method == HttpMethod.Get => new SendOutcome.NotFound(),
                >= HttpStatusCode.InternalServerError => new SendOutcome.Unanswered($"it answered {(int)response.StatusCode}"),
                _ when response.IsSuccessStatusCode => new SendOutcome.Sent(await ReadInfoHashAsync(response, timeout.Token)),
                _ => new SendOutcome.Refused($"it refused the grab with {(int)response.StatusCode}"),
            };
        }
        catch (HttpRequestException exception) when (exception.HttpRequestError == HttpRequestError.ConnectionError)
        {
            return new SendOutcome.Unreachable($"it could not be reached ({exception.HttpRequestError})");
        }
        catch (HttpRequestException exception)
        {
            return new SendOutcome.Unanswered($"the connection failed before it answered ({exception.HttpRequestError})");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendOutcome.Unanswered($"it did not answer within {AttemptTimeout.TotalSeconds:0} s");
        }
    }

    private static async Task<string?> ReadInfoHashAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var torrent = await response.Content.ReadFromJsonAsync(PilotJsonContext.Default.TorrentResponse, cancellationToken);
            return torrent?.InfoHash;
        }
        catch (JsonException)
        {
            return null; // accepted; the body is not ours to judge
        }
    }
}

/// <summary>Haul's <c>POST /api/v1/torrents</c> body.</summary>
internal sealed record TorrentRequest(string Uri, string? Category);

/// <summary>The part of Haul's answer a grab keeps.</summary>
internal sealed record TorrentResponse(string? InfoHash);
