using System.Net;

namespace Pulse.Replicas.Tests;

/// <summary>
/// The one retry rule of the traffic in these tests: a request that got no answer (the connection broke or was
/// refused, or it timed out) or a 502/503/504 from the proxy is sent again at once, a few times. That is what a client
/// in flight on a replica that died sees: an error on its connection, and a new connection goes to a live replica.
/// </summary>
internal static class AtOnce
{
    private const int Attempts = 8;

    /// <summary>
    /// Sends the request <paramref name="request"/> builds, again at once while it gets no answer, counting each retry in
    /// <paramref name="retries"/> under <c>retry:</c> and what caused it. The last attempt's answer or exception is the caller's.
    /// </summary>
    public static async Task<HttpResponseMessage> SendAsync(
        HttpClient client, Func<HttpRequestMessage> request, Tally retries, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            string cause;
            using var message = request();
            try
            {
                var response = await client.SendAsync(message, cancellationToken);
                if (response.StatusCode is not (HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
                    || attempt == Attempts)
                {
                    return response;
                }

                cause = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                response.Dispose();
            }
            catch (HttpRequestException exception) when (attempt < Attempts)
            {
                cause = exception.HttpRequestError.ToString();
            }
            catch (TaskCanceledException) when (attempt < Attempts && !cancellationToken.IsCancellationRequested)
            {
                cause = "Timeout";
            }

            retries.Add("retry: " + cause);
        }
    }
}
