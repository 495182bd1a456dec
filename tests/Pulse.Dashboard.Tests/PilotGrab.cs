using System.Net.Http.Headers;
using System.Text.Json;
using Pulse.Hosting;
using Pulse.ServiceDefaults;

namespace Pulse.Dashboard.Tests;

/// <summary>A grab through Pilot (which sends it to Haul), and the trace it leaves in the dashboard.</summary>
internal static class PilotGrab
{
    /// <summary>Sends a grab, again while Pilot does not know Haul yet (503), until it is accepted (201).</summary>
    public static async Task SendAsync(DistributedApplication app, CancellationToken cancellationToken)
    {
        var pilotKey = (await File.ReadAllTextAsync(Path.Combine(app.Options.DataDir, PulseResources.Pilot, "api-key"), cancellationToken)).Trim();
        using var pilot = app.CreateHttpClient(PulseResources.Pilot);
        pilot.DefaultRequestHeaders.Add("X-Api-Key", pilotKey);
        var title = "Dashboard.Test.S01E01." + Guid.NewGuid().ToString("N")[..8];
        var infoHash = Convert.ToHexStringLower([.. Guid.NewGuid().ToByteArray(), .. Guid.NewGuid().ToByteArray()[..4]]);
        var magnet = $"magnet:?xt=urn:btih:{infoHash}&dn={title}";

        // Pilot learns Haul from the registry within a second or so of the graph starting; until then it answers 503.
        await Eventually.ValueAsync(async () =>
        {
            using var body = new StringContent(JsonSerializer.Serialize(new { title, uri = magnet }), new MediaTypeHeaderValue("application/json"));
            using var response = await pilot.PostAsync("/api/v1/grabs", body, cancellationToken);
            return (response.StatusCode == System.Net.HttpStatusCode.Created, response.StatusCode);
        }, TimeSpan.FromSeconds(30), "pilot to accept a grab (201)", cancellationToken);
    }

    /// <summary>The id of the newest grab trace that has spans from both pilot and haul.</summary>
    public static Task<string> WaitForTraceAsync(Dashboard dashboard, CancellationToken cancellationToken) =>
        Eventually.ValueAsync(async () =>
        {
            var traces = await dashboard.GetAsync("/api/traces?service=pilot&limit=10000", cancellationToken);
            var found = traces.EnumerateArray().FirstOrDefault(candidate =>
                candidate.GetProperty("root").GetString()!.Contains("/api/v1/grabs", StringComparison.Ordinal) &&
                candidate.GetProperty("services").EnumerateArray().Any(service => service.GetString() == PulseResources.Haul));
            return (found.ValueKind == JsonValueKind.Object, found.ValueKind == JsonValueKind.Object ? found.GetProperty("trace_id").GetString()! : "");
        }, TimeSpan.FromSeconds(30), "the grab's trace with pilot and haul spans", cancellationToken);
}
