using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using static Pulse.ServiceDefaults.PulseResources;

namespace Pulse.AppHost.Tests;

/// <summary>The graph's telemetry as the Aspire dashboard holds it, read through the dashboard's telemetry API.</summary>
[Collection(GraphCollection.Name)]
public sealed class TelemetryTests(GraphFixture fixture)
{
    private const int ServerSpan = 2;

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheTelemetryApiAnswersOnlyACallerWithItsKey()
    {
        const string Path = "/api/telemetry/resources";
        Assert.Equal(401, await fixture.Telemetry.StatusWithKeyAsync(Path, apiKey: null, _ct));
        Assert.Equal(401, await fixture.Telemetry.StatusWithKeyAsync(Path, "not-the-key", _ct));
        Assert.StartsWith("[", await fixture.Telemetry.GetTextAsync(Path, _ct));
    }

    [Fact]
    public async Task AGrabThroughPilotIsOneTraceWithSpansFromPilotAndHaul()
    {
        using var pilot = fixture.Graph.CreateHttpClient(Pilot, await fixture.GeneratedKeyAsync(Pilot, _ct));
        var traceId = await PilotGrab.SendAsync(pilot, _ct);

        var spans = await Eventually.ReturnsAsync(() => fixture.Telemetry.TraceAsync(traceId, _ct),
            found => found.Any(span => span.Service == Pilot && IsServer(span.Span)) && found.Any(span => span.Service == Haul && IsServer(span.Span)),
            _ct, TimeSpan.FromSeconds(60), "the grab's trace with server spans of pilot and haul");

        Assert.All(spans, span => Assert.Equal(traceId, span.Span.GetProperty("traceId").GetString()));
        var pilotServer = spans.Single(span => span.Service == Pilot && IsServer(span.Span));
        Assert.Contains("/api/v1/grabs", pilotServer.Span.GetProperty("name").GetString());

        // Haul's server span hangs below a span of Pilot's: the trace went along with the call.
        var haulServer = spans.First(span => span.Service == Haul && IsServer(span.Span));
        var parent = spans.Single(span => span.Span.GetProperty("spanId").GetString() == haulServer.Span.GetProperty("parentSpanId").GetString());
        Assert.Equal(Pilot, parent.Service);
    }

    [Fact]
    public async Task NoSecretReachesTheDashboardsTelemetryOrTheConsoleOfAnyResource()
    {
        var graph = fixture.Graph;
        var haulKey = await fixture.GeneratedKeyAsync(Haul, _ct);
        var pilotKey = await fixture.GeneratedKeyAsync(Pilot, _ct);

        // Requests that carry keys, each in a trace of its own: the registry's key, Haul's (from here and from Pilot).
        using var registry = graph.CreateHttpClient(Registry, GraphFixture.ApiKey);
        using var haul = graph.CreateHttpClient(Haul, haulKey);
        using var pilot = graph.CreateHttpClient(Pilot, pilotKey);
        List<string> traceIds = [await PilotGrab.SendAsync(pilot, _ct)];
        foreach (var (client, path) in ((HttpClient, string)[])[(registry, "/api/v1/services"), (haul, "/api/v1/torrents")])
        {
            var (response, traceId) = await TracedRequest.SendAsync(client, HttpMethod.Get, path, _ct);
            using (response)
            {
                Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode}");
            }

            traceIds.Add(traceId);
        }

        foreach (var traceId in traceIds)
        {
            await Eventually.HoldsAsync(async () => (await fixture.Telemetry.TraceAsync(traceId, _ct)).Count > 0, _ct,
                TimeSpan.FromSeconds(60), $"trace {traceId} in the dashboard");
        }

        var secrets = await SecretsAsync([haulKey, pilotKey, await fixture.GeneratedKeyAsync(Prism, _ct)]);
        var spans = await fixture.Telemetry.GetTextAsync("/api/telemetry/spans?limit=10000", _ct);
        var logs = await fixture.Telemetry.GetTextAsync("/api/telemetry/logs?limit=10000", _ct);
        Assert.All(traceIds, traceId => Assert.Contains(traceId, spans));
        Assert.Contains("\"logRecords\"", logs);

        var held = new Dictionary<string, string>
        {
            ["the dashboard's resources"] = await fixture.Telemetry.GetTextAsync("/api/telemetry/resources", _ct),
            ["the dashboard's spans"] = spans,
            ["the dashboard's traces"] = await fixture.Telemetry.GetTextAsync("/api/telemetry/traces?limit=10000", _ct),
            ["the dashboard's structured logs"] = logs,
        };
        foreach (var resource in (string[])[Postgres, Redis, Registry, Haul, Pilot, Prism])
        {
            held[$"{resource}'s console"] = string.Join('\n', await graph.ConsoleOutputAsync(resource, _ct));
        }

        foreach (var (where, text) in held)
        {
            foreach (var (name, secret) in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{name} is in {where}.");
            }
        }
    }

    /// <summary>Every secret of the graph: its secret parameters' values and the samples' generated keys.</summary>
    private async Task<IReadOnlyList<(string Name, string Value)>> SecretsAsync(IReadOnlyList<string> generatedKeys)
    {
        var secrets = new List<(string, string)>();
        var model = fixture.Graph.App.Services.GetRequiredService<DistributedApplicationModel>();
        foreach (var parameter in model.Resources.OfType<ParameterResource>().Where(parameter => parameter.Secret))
        {
            secrets.Add((parameter.Name, (await parameter.GetValueAsync(_ct))!));
        }

        Assert.Equal(
            [PostgresPassword, PulseApiKey, ServiceKey(Haul), ServiceKey(Pilot), ServiceKey(Prism), RedisPassword],
            secrets.Select(secret => secret.Item1).Order(StringComparer.Ordinal));
        secrets.AddRange(generatedKeys.Select((key, i) => ($"generated key {i + 1}", key)));
        Assert.All(secrets, secret => Assert.True(secret.Item2.Length >= 16, $"{secret.Item1} is too short to search for."));
        return secrets;
    }

    private static bool IsServer(JsonElement span) => span.GetProperty("kind").GetInt32() == ServerSpan;
}
