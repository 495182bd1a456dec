using static Pulse.ServiceDefaults.PulseResources;

namespace Pulse.AppHost.Tests;

/// <summary>
/// Each project of the graph runs as its built program, started by Aspire's orchestrator in place of
/// <c>dotnet run --no-build</c>, with everything Aspire meant it to receive.
/// </summary>
[Collection(GraphCollection.Name)]
public sealed class BuiltProgramTests(GraphFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public static TheoryData<string, string> Projects => new()
    {
        // resource, its project
        { Registry, "Pulse.Registry" },
        { Haul, "Haul.Sample" },
        { Pilot, "Pilot.Sample" },
        { Prism, "Pilot.Sample" },
    };

    [Theory]
    [MemberData(nameof(Projects))]
    public void AProjectRunsAsItsBuiltProgramWithEveryVariableAspireSetAndThePathOfTheAppHost(string resource, string project)
    {
        AssertRunsBuiltProgram(resource, project);
    }

    [Fact]
    public async Task ARestartedProjectRunsAsItsBuiltProgramAgainAndAnswersOnItsPublicEndpoint()
    {
        var graph = fixture.Graph;
        var before = Assert.Single(graph.ProcessesOf(Haul));

        await graph.RestartResourceAsync(Haul, changeEnvironment: null, _ct);

        var after = AssertRunsBuiltProgram(Haul, "Haul.Sample");
        Assert.NotEqual(before.Pid, after.Pid);
        using var client = graph.CreateHttpClient(Haul);
        using var health = await client.GetAsync(new Uri("/health", UriKind.Relative), _ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
    }

    private LinuxProcess AssertRunsBuiltProgram(string resource, string project)
    {
        var graph = fixture.Graph;

        // One process, the program itself: no dotnet run above it, which would have started it as its child.
        var process = Assert.Single(graph.ProcessesOf(resource));
        Assert.Equal(project, process.Program);
        var executable = new FileInfo($"/proc/{process.Pid}/exe").ResolveLinkTarget(returnFinalTarget: true)?.FullName;
        Assert.Matches($"/{project}/bin/[^/]+/net10.0/{project}$", executable);

        var environment = process.Environment();
        Assert.True(graph.App.ResourceNotifications.TryGetCurrentState(resource, out var state));
        var fromAspire = state.Snapshot.EnvironmentVariables.Where(variable => variable.IsFromSpec).ToList();
        Assert.Contains(fromAspire, variable => variable.Name == "Pulse__ApiUrl");

        // A name with a hyphen or a dot is no shell identifier, and some shells drop such variables when they exec.
        Assert.Equal("kept", environment.GetValueOrDefault(GraphFixture.OddlyNamedVariable));
        foreach (var variable in fromAspire)
        {
            // Compared, not printed: some are keys.
            Assert.True(environment.TryGetValue(variable.Name, out var value) && value == (variable.Value ?? ""), $"{variable.Name} is not what Aspire set.");
        }

        Assert.Equal(graph.Endpoint(resource), new Uri(environment["Pulse__ApiUrl"]));

        // What dotnet run adds, and the PATH the AppHost had: the launcher's folder does not stay on it.
        var dotnetRoot = environment[$"DOTNET_ROOT_{System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString().ToUpperInvariant()}"];
        Assert.True(File.Exists(Path.Combine(dotnetRoot, "dotnet")), $"No dotnet in {dotnetRoot}.");
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), environment["PATH"]);
        return process;
    }
}
