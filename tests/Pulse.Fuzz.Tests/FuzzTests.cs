using Pulse.Fuzz.Tests.Harness;
using Pulse.Fuzz.Tests.Routes;
using Pulse.ServiceDefaults;

namespace Pulse.Fuzz.Tests;

/// <summary>
/// Every route of every service's OpenAPI document, and the consumer's forms, with generated hostile input over real
/// HTTP: never a 5xx the contract does not document, a rejected request leaves stored state as it was, an accepted
/// one reads back as it was sent. The cases come from a fixed seed (<c>PULSE_FUZZ_SEED</c>), the same every run, and
/// each test prints how many it ran per route. It is the regression table for request binding.
/// </summary>
public sealed partial class FuzzTests(FuzzGraphFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryRegistryRouteAnswersHostileInputWithoutAServerErrorAndKeepsItsState()
    {
        using var registry = fixture.Client(PulseResources.Registry);
        var routes = new RegistryRoutes(registry);
        await routes.StartAsync(_ct);
        try
        {
            var probe = new RegistryProbe(registry, routes.PollServiceId, RegistryRoutes.Volatile);
            await RunAsync(PulseResources.Registry, registry, probe, routes.Specs(), await OpenApiRoutes.ReadAsync(registry, _ct));
        }
        finally
        {
            await routes.CleanUpAsync(_ct);
        }
    }

    [Fact]
    public async Task EveryHaulRouteAnswersHostileInputWithoutAServerErrorAndKeepsItsState()
    {
        using var haul = fixture.Client(PulseResources.Haul);
        var probe = new ListProbe(haul, [new ListProbe.Source("/api/v1/torrents", HaulRoutes.Volatile)]);
        await RunAsync(PulseResources.Haul, haul, probe, new HaulRoutes(haul).Specs(), await OpenApiRoutes.ReadAsync(haul, _ct));
    }

    [Fact]
    public Task EveryPilotRouteAndFormAnswersHostileInputWithoutAServerErrorAndKeepsItsState() =>
        RunConsumerAsync(PulseResources.Pilot, 'b');

    [Fact]
    public Task EveryPrismRouteAndFormAnswersHostileInputWithoutAServerErrorAndKeepsItsState() =>
        RunConsumerAsync(PulseResources.Prism, 'c');

    private async Task RunConsumerAsync(string consumer, char hashSpace)
    {
        using var api = fixture.Client(consumer);
        await fixture.WaitForHaulOnlyAsync(api, _ct);
        var routes = new PilotRoutes(api, hashSpace);
        using var forms = new PilotForms(fixture.Graph.Endpoint(consumer), FuzzGraphFixture.KeyOf(consumer), api, routes);
        var specs = routes.Specs().Concat(forms.Specs()).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        var operations = (await OpenApiRoutes.ReadAsync(api, _ct)).Concat(PilotForms.Operations)
            // Grabs first, while the consumer's only eligible client is Haul; the manual clients the fuzz adds come after.
            .OrderBy(o => o.Path.Contains("download-clients", StringComparison.Ordinal)).ToList();
        try
        {
            await RunAsync(consumer, api, new ListProbe(api, PilotRoutes.State), specs, operations,
                operation => operation.Method == "POST" && operation.Path is "/signin" or "/signout" or "/grab" ? forms.FormCases(operation.Key) : null);
        }
        finally
        {
            await routes.CleanUpAsync(_ct);
        }
    }

    // What the service logged behind its 5xx answers: the exceptions by type and message, most frequent first.
    private async Task<string> LoggedExceptionsAsync(string service)
    {
        var exceptions = (await fixture.Graph.ConsoleOutputAsync(service, _ct))
            .Select(line => ExceptionLine().Match(line))
            .Where(match => match.Success)
            .Select(match => AtIndex().Replace(match.Value.Trim(), "at index N"))
            .GroupBy(text => text.Length > 200 ? text[..200] : text)
            .OrderByDescending(group => group.Count())
            .Take(15)
            .Select(group => $"  {group.Count(),5} x {Json.Display.Of(group.Key)}")
            .ToList();
        return exceptions.Count == 0 ? "" : $"Exceptions {service} logged (console):\n{string.Join("\n", exceptions)}\n";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"at index \d+")]
    private static partial System.Text.RegularExpressions.Regex AtIndex();

    [System.Text.RegularExpressions.GeneratedRegex(@"\b[\w.]+(Exception|Error)\b( \(0x[0-9A-F]+\))?: .*")]
    private static partial System.Text.RegularExpressions.Regex ExceptionLine();

    // The state check must be able to fail: a valid create, sent around it, has to show up as a change.
    private async Task ProbeSeesAChangeAsync(
        HttpClient client, IStateProbe probe, IReadOnlyDictionary<string, RouteSpec> specs, IReadOnlyList<ApiOperation> operations)
    {
        var create = operations.First(o => o.Method == "POST" && o.PathParameters.Count == 0 && specs.GetValueOrDefault(o.Key)?.Body is not null);
        await probe.MarkAsync(null, _ct);
        using var content = new ByteArrayContent(specs[create.Key].Body!(new RouteIds()).ToUtf8()) { Headers = { ContentType = StoredAs.Json } };
        using var response = await client.PostAsync(create.Path, content, _ct);
        Assert.True(response.IsSuccessStatusCode, $"{create} with its seed: {(int)response.StatusCode}");
        Assert.NotNull(await probe.ChangesAsync(_ct));
    }

    private async Task RunAsync(
        string service, HttpClient client, IStateProbe probe, IReadOnlyDictionary<string, RouteSpec> specs,
        IReadOnlyList<ApiOperation> operations, Func<ApiOperation, List<FuzzCase>?>? customCases = null)
    {
        Assert.NotEmpty(operations);
        var findings = new Findings(service);

        // A variant (a route fuzzed again over another kind of entity) is the documented operation under its own key.
        operations = [.. operations, .. specs.Keys.Where(key => key != ApiOperation.BaseOf(key))
            .Select(key => (Key: key, Operation: operations.FirstOrDefault(o => o.Key == ApiOperation.BaseOf(key))))
            .Where(variant => variant.Operation is not null)
            .Select(variant => variant.Operation! with { Variant = variant.Key[(ApiOperation.BaseOf(variant.Key).Length + 2)..^1] })];

        // A route the harness cannot call validly is a route it does not cover: the seed table must grow with the API.
        var uncovered = operations.Where(o => !specs.ContainsKey(o.Key) && (o.PathParameters.Count > 0 || o.HasBody)).ToList();
        var unknown = specs.Keys.Except(operations.Select(o => o.Key)).ToList();

        await ProbeSeesAChangeAsync(client, probe, specs, operations);
        var cases = operations.SelectMany(o => customCases?.Invoke(o) ?? CaseGenerator.For(o, specs.GetValueOrDefault(o.Key))).ToList();
        var runner = new FuzzRunner(client, probe, specs, findings);
        await runner.RunAsync(cases, _ct);

        var notes = $"4xx answers without a problem body (not failed): {runner.RejectionsWithoutProblem}\n"
            + string.Concat(runner.RejectionsWithoutProblemByRoute.Select(r => $"    {r.Value.Count,5} x {r.Key}, e.g. {r.Value.Example}\n"))
            + (uncovered.Count > 0 ? $"Routes without a seed: {string.Join(", ", uncovered)}\n" : "")
            + (unknown.Count > 0 ? $"Seeds for routes the document does not list: {string.Join(", ", unknown)}\n" : "");
        var report = findings.Report() + notes + await LoggedExceptionsAsync(service);

        // The counts go to the live output (xunit.runner.json), pass or fail; the whole report to the failure and a file.
        TestContext.Current.TestOutputHelper?.WriteLine(findings.Summary() + notes);
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, $"fuzz-{service}.txt"), report, _ct);

        Assert.True(uncovered.Count == 0 && unknown.Count == 0 && findings.Count == 0, report);
    }
}
