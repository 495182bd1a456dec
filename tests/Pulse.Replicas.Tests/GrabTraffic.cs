using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Pulse.Replicas.Tests;

/// <summary>
/// Grabs sent through Pilot (<c>POST /api/v1/grabs</c>) every 500 ms until disposed: Pilot sends each to the download
/// client it knows from the registry (Haul), so a grab goes through only while Pilot keeps that entry.
/// </summary>
internal sealed class GrabTraffic : BackgroundLoop
{
    private readonly HttpClient _pilot;

    public GrabTraffic(HttpClient pilot)
    {
        _pilot = pilot;
        Start();
    }

    /// <summary>The grabs Pilot took: the info hash of each, by grab id.</summary>
    public ConcurrentDictionary<string, string> Grabs { get; } = new(StringComparer.Ordinal);

    /// <summary>Pilot's answers (<c>201</c>, <c>202</c>, ...).</summary>
    public Tally Answers { get; } = new();

    protected override async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        while (await timer.WaitForNextTickAsync(stopping))
        {
            var infoHash = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "0ddba11a";
            var grab = new { title = "Replica.Failure.S01E01." + infoHash[..8], uri = $"magnet:?xt=urn:btih:{infoHash}", category = "tv" };
            using var response = await _pilot.PostAsJsonAsync("/api/v1/grabs", grab, stopping);
            Answers.Add(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Accepted,
                $"Pilot answered a grab {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(stopping)}");
            Grabs[(await response.Content.ReadFromJsonAsync<JsonElement>(stopping)).GetProperty("id").GetString()!] = infoHash;
        }
    }
}
