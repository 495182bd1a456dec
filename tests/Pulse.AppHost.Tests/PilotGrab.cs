using System.Net;
using System.Net.Http.Json;

namespace Pulse.AppHost.Tests;

/// <summary>A grab sent through Pilot, which sends it on to Haul: the one request that crosses two services.</summary>
internal static class PilotGrab
{
    /// <summary>
    /// Sends a grab, again while Pilot does not know Haul yet (503), until Pilot accepts it (201), and answers with the
    /// accepted attempt's trace id.
    /// </summary>
    public static async Task<string> SendAsync(HttpClient pilot, CancellationToken cancellationToken)
    {
        var infoHash = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "0ddba11a";
        var grab = new { title = "AppHost.Test.S01E01." + infoHash[..8], uri = $"magnet:?xt=urn:btih:{infoHash}", category = "tv" };

        // Pilot learns Haul from the registry some seconds after the graph starts; until then it answers 503.
        return await Eventually.ValueAsync(async () =>
        {
            var (response, traceId) = await TracedRequest.SendAsync(pilot, HttpMethod.Post, "/api/v1/grabs", cancellationToken, JsonContent.Create(grab));
            using (response)
            {
                return (response.StatusCode == HttpStatusCode.Created, traceId);
            }
        }, TimeSpan.FromSeconds(90), "Pilot to accept a grab (201)", cancellationToken);
    }
}
