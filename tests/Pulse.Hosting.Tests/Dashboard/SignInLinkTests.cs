namespace Pulse.Hosting.Tests.Dashboard;

public sealed class SignInLinkTests(EmptyGraphFixture graph) : IClassFixture<EmptyGraphFixture>
{
    [Fact]
    public void TheStartSummaryPrintsTheSignInLinkAndNoOtherSecret()
    {
        var summary = StartSummary.Describe(graph.App, TimeSpan.FromSeconds(1), new Dictionary<string, TimeSpan>());

        Assert.Contains($"dashboard  http://localhost:{graph.App.Options.DashboardPort}/login?t={EmptyGraph.Token}", summary);
        Assert.DoesNotContain(EmptyGraph.Secret, summary);
        Assert.DoesNotContain(EmptyGraph.OtlpKey, summary);
    }

    [Fact]
    public async Task ATokenIsGeneratedForEachRunUnlessGiven()
    {
        var ct = TestContext.Current.CancellationToken;
        var dataDir = Path.Combine(Path.GetTempPath(), "pulse-dashboard-token-" + Guid.NewGuid().ToString("N")[..12]);
        var builder = DistributedApplication.CreateBuilder(
            [$"--AppHost:DataDir={dataDir}", "--AppHost:RandomizePorts=true", "--AppHost:Quiet=true", "--AppHost:DeleteDataDirOnDispose=true"]);
        await using var app = builder.Build();
        await app.StartAsync(ct);

        Assert.Matches("^[0-9a-f]{32}$", app.Options.DashboardToken);
        Assert.NotEqual(EmptyGraph.Token, app.Options.DashboardToken);
        using var client = DashboardClient.Anonymous(app);
        using var login = await client.GetAsync(app.DashboardLoginUrl.PathAndQuery, ct);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, login.StatusCode);
    }
}
