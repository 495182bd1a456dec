using System.Text.Json;
using Pulse.Hosting.ApplicationModel;
using Pulse.ServiceDefaults;

namespace Pulse.Dashboard.Tests;

[Collection(DashboardGraphCollection.Name)]
public sealed class GraphTelemetryTests(DashboardGraphFixture graph)
{
    [Fact]
    public async Task ARequestToTheRegistryProducesAServerSpanFoundByItsService()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = "/dashboard-probe-" + Guid.NewGuid().ToString("N");
        using (var registry = graph.App.CreateHttpClient(PulseResources.Registry))
        using (await registry.GetAsync(path, ct))
        {
        }

        using var dashboard = new Dashboard(graph.App);
        var (traceId, span) = await Eventually.ValueAsync(async () =>
        {
            foreach (var trace in (await dashboard.GetAsync("/api/traces?service=registry&limit=50", ct)).EnumerateArray())
            {
                var id = trace.GetProperty("trace_id").GetString()!;
                var spans = await dashboard.GetAsync("/api/traces/" + id, ct);
                var server = spans.EnumerateArray().FirstOrDefault(candidate =>
                    candidate.GetProperty("attributes").TryGetProperty("url.path", out var url) && url.GetString() == path);
                if (server.ValueKind == JsonValueKind.Object)
                {
                    return (true, (id, server));
                }
            }

            return (false, default);
        }, TimeSpan.FromSeconds(30), "the registry's server span", ct);

        Assert.Equal(PulseResources.Registry, span.GetProperty("service").GetString());
        Assert.Equal("Server", span.GetProperty("kind").GetString());
        Assert.Equal("404", span.GetProperty("attributes").GetProperty("http.response.status_code").GetString());
        var haulTraces = await dashboard.GetAsync("/api/traces?service=haul&limit=10000", ct);
        Assert.DoesNotContain(traceId, haulTraces.EnumerateArray().Select(trace => trace.GetProperty("trace_id").GetString()));
    }

    [Fact]
    public async Task TheGraphsLogsFilterByResourceAndLevel()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dashboard = new Dashboard(graph.App);

        var registryLogs = await Eventually.ValueAsync(async () =>
        {
            var logs = await dashboard.GetAsync("/api/logs?service=registry&q=Now%20listening", ct);
            return (logs.GetArrayLength() > 0, logs);
        }, TimeSpan.FromSeconds(30), "the registry's 'Now listening' log record", ct);

        Assert.All(registryLogs.EnumerateArray(), log => Assert.Equal(PulseResources.Registry, log.GetProperty("service").GetString()));
        Assert.Equal("Information", registryLogs[0].GetProperty("level").GetString());

        var warnings = await dashboard.GetAsync("/api/logs?service=registry&level=Warning&limit=10000", ct);
        Assert.All(warnings.EnumerateArray(), log => Assert.Contains(log.GetProperty("level").GetString(), (string[])["Warning", "Error", "Critical"]));
        Assert.DoesNotContain(warnings.EnumerateArray(), log => log.GetProperty("message").GetString()!.Contains("Now listening", StringComparison.Ordinal));

        var all = await dashboard.GetAsync("/api/logs?limit=10000", ct);
        Assert.Contains(all.EnumerateArray(), log => log.GetProperty("service").GetString() == PulseResources.Haul);
    }

    [Fact]
    public async Task EveryResourceIsListedWithItsStateAndConsoleOutput()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dashboard = new Dashboard(graph.App);
        var resources = await dashboard.GetAsync("/api/resources", ct);

        var names = resources.EnumerateArray().Select(resource => resource.GetProperty("name").GetString()).ToList();
        Assert.Equivalent(
            new[] { PulseResources.Postgres, PulseResources.Redis, PulseResources.Registry, PulseResources.Haul, PulseResources.Pilot, PulseResources.Prism },
            names);
        var registry = resources.EnumerateArray().Single(resource => resource.GetProperty("name").GetString() == PulseResources.Registry);
        Assert.Equal("Project", registry.GetProperty("kind").GetString());
        Assert.Equal(graph.App.Endpoint(PulseResources.Registry).Url.ToString().TrimEnd('/'), registry.GetProperty("endpoints")[0].GetString());

        var console = await dashboard.GetAsync("/api/resources/postgres/console", ct);
        Assert.NotEqual(0, console.GetArrayLength());
        Assert.True(console[0].TryGetProperty("timestamp", out _));
        Assert.Contains(console[0].GetProperty("stream").GetString(), (string[])["stdout", "stderr"]);
    }

    [Fact]
    public async Task NoSecretIsInTheResourcesViewAnySpanOrAnyLogRecord()
    {
        var ct = TestContext.Current.CancellationToken;
        var app = graph.App;
        using var dashboard = new Dashboard(app);

        // Traffic that carries keys in headers: a registry read and a Haul read, each with its key.
        var haulKey = await File.ReadAllTextAsync(Path.Combine(app.Options.DataDir, PulseResources.Haul, "api-key"), ct);
        using (var registry = app.CreateHttpClient(PulseResources.Registry))
        using (var haul = app.CreateHttpClient(PulseResources.Haul))
        {
            registry.DefaultRequestHeaders.Add("X-Api-Key", DashboardGraphFixture.ApiKey);
            haul.DefaultRequestHeaders.Add("X-Api-Key", haulKey.Trim());
            using (await registry.GetAsync("/api/v1/services?include=credentials", ct))
            using (await haul.GetAsync("/api/v1/torrents", ct))
            {
            }
        }

        await dashboard.WaitForTraceAsync(PulseResources.Haul, "/api/v1/torrents", ct);

        string[] secrets =
        [
            DashboardGraphFixture.ApiKey,
            DashboardGraphFixture.OtlpKey,
            DashboardGraphFixture.DashboardToken,
            .. app.Resources.OfType<ParameterResource>().Where(parameter => parameter.Secret).Select(parameter => parameter.Value),
            .. KeyFiles(app.Options.DataDir),
        ];
        Assert.True(secrets.Length >= 6, "the test knows every secret of the graph");

        var held = new List<string>
        {
            await dashboard.GetTextAsync("/api/resources", ct),
            await dashboard.GetTextAsync("/api/logs?limit=10000", ct),
            await dashboard.GetTextAsync("/api/metrics", ct),
        };
        foreach (var trace in (await dashboard.GetAsync("/api/traces?limit=10000", ct)).EnumerateArray())
        {
            held.Add(await dashboard.GetTextAsync("/api/traces/" + trace.GetProperty("trace_id").GetString(), ct));
        }

        foreach (var text in held)
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }

        Assert.Contains("\"Pulse__ApiKey\",\"value\":\"********\"", held[0], StringComparison.Ordinal);
    }

    private static IEnumerable<string> KeyFiles(string dataDir) =>
        Directory.EnumerateDirectories(dataDir)
            .Select(folder => Path.Combine(folder, "api-key"))
            .Where(File.Exists)
            .Select(file => File.ReadAllText(file).Trim());
}
