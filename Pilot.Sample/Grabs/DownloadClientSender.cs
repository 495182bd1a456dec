using System.Net;
using System.Text.Json;
using Pilot.Sample.DownloadClients;

namespace Pilot.Sample.Grabs;

/// <summary>
/// Sends a grab to a download client, <c>POST {url}/api/v1/torrents</c> with the client's key. Each attempt times out
/// after 10 s; a connection failure, a timeout or a <c>5xx</c> is retried once after 1 s (so a send ends within 25 s).
/// </summary>
internal sealed class DownloadClientSender(IHttpClientFactory httpClients, TimeProvider time)
{
    public const string HttpClientName = "download-client";
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public async Task<SendOutcome> SendAsync(DownloadClientRecord client, GrabRecord grab, CancellationToken cancellationToken)
    {
        var outcome = await AttemptAsync(client, grab, cancellationToken);
        if (outcome is not Transient transient)
        {
            return outcome;
        }

        await Task.Delay(RetryDelay, time, cancellationToken);
        outcome = await AttemptAsync(client, grab, cancellationToken);
        return outcome is Transient again ? new SendOutcome.Failed(again.Reason) : outcome;
    }

    private async Task<SendOutcome> AttemptAsync(DownloadClientRecord client, GrabRecord grab, CancellationToken cancellationToken)
    {
        if (client.Url is null)
        {
            return new SendOutcome.Failed($"'{client.Name}' has no URL (it is in {client.DeliveryMode} delivery mode).");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AttemptTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{client.Url.TrimEnd('/')}/api/v1/torrents")
        {
            Content = JsonContent.Create(new TorrentRequest(grab.Uri, grab.Category), PilotJsonContext.Default.TorrentRequest),
        };
        request.Headers.Add("X-Api-Key", client.ApiKey);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            return response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => new SendOutcome.Unauthorized(),
                >= HttpStatusCode.InternalServerError => new Transient($"it answered {(int)response.StatusCode}"),
                _ when response.IsSuccessStatusCode => new SendOutcome.Sent(await ReadInfoHashAsync(response, timeout.Token)),
                _ => new SendOutcome.Failed($"it refused the grab with {(int)response.StatusCode}"),
            };
        }
        catch (HttpRequestException exception)
        {
            return new Transient($"it could not be reached ({exception.HttpRequestError})");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Transient($"it did not answer within {AttemptTimeout.TotalSeconds:0} s");
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

    private sealed record Transient(string Reason) : SendOutcome;
}

/// <summary>Haul's <c>POST /api/v1/torrents</c> body.</summary>
internal sealed record TorrentRequest(string Uri, string? Category);

/// <summary>The part of Haul's answer a grab keeps.</summary>
internal sealed record TorrentResponse(string? InfoHash);
