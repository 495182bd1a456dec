using Microsoft.Playwright;
using Pulse.ServiceDefaults;
using static Microsoft.Playwright.Assertions;

namespace Pulse.Dashboard.Tests;

[Collection(DashboardGraphCollection.Name)]
public sealed class DashboardBrowserTests(DashboardGraphFixture graph, BrowserFixture browser)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 30_000 };

    [Fact]
    public async Task SigningInWithTheLinkAndOpeningATraceShowsItsWaterfall()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = "/browser-probe-" + Guid.NewGuid().ToString("N");
        using (var registry = graph.App.CreateHttpClient(PulseResources.Registry))
        using (await registry.GetAsync(path, ct))
        {
        }

        using var dashboard = new Dashboard(graph.App);
        var traceId = await TraceWithPathAsync(dashboard, path, ct);

        var page = await SignedInPageAsync();
        await page.GotoAsync(graph.App.DashboardUrl + "#/traces?service=registry");
        var row = page.Locator($"tr[data-trace='{traceId}']");
        await Expect(row).ToBeVisibleAsync(Visible);
        await row.ClickAsync();

        var span = page.Locator("#waterfall .span-row[data-service='registry']");
        await Expect(span.First).ToBeVisibleAsync(Visible);
        await span.First.ClickAsync();
        await Expect(page.Locator("#span-details")).ToContainTextAsync(path);
    }

    [Fact]
    public async Task AGrabThroughPilotIsOneTraceWithPilotAndHaulSpansInTheWaterfall()
    {
        var ct = TestContext.Current.CancellationToken;
        var app = graph.App;
        await PilotGrab.SendAsync(app, ct);

        using var dashboard = new Dashboard(app);
        var traceId = await PilotGrab.WaitForTraceAsync(dashboard, ct);
        var listed = await dashboard.GetAsync("/api/traces?service=haul&limit=10000", ct);
        Assert.Contains(traceId, listed.EnumerateArray().Select(trace => trace.GetProperty("trace_id").GetString()));

        var page = await SignedInPageAsync();
        await page.GotoAsync(app.DashboardUrl + "#/traces/" + traceId);
        await Expect(page.Locator("#waterfall .span-row[data-service='pilot']").First).ToBeVisibleAsync(Visible);
        await Expect(page.Locator("#waterfall .span-row[data-service='haul']").First).ToBeVisibleAsync(Visible);
    }

    [Fact]
    public async Task ASpanNamedScriptShowsAsText()
    {
        var ct = TestContext.Current.CancellationToken;
        const string Name = "<script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\">";
        var traceId = await OtlpExport.SpanAsync(graph.App, DashboardGraphFixture.OtlpKey, "hostile", Name, ct);

        var page = await SignedInPageAsync();
        await page.GotoAsync(graph.App.DashboardUrl + "#/traces?service=hostile");
        await Expect(page.Locator($"tr[data-trace='{traceId}'] td").Nth(1)).ToHaveTextAsync(Name, new() { Timeout = 30_000 });
        await page.GotoAsync(graph.App.DashboardUrl + "#/traces/" + traceId);
        await Expect(page.Locator("#waterfall .span-name")).ToHaveTextAsync(Name, new() { Timeout = 30_000 });

        Assert.Equal(0, await page.Locator("#view img, #view script").CountAsync());
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.pwned"));
    }

    [Fact]
    public async Task RestartingFromTheUiStartsANewProcessAndItsConsoleShowsItLive()
    {
        var app = graph.App;
        var before = app.GetProcessId(PulseResources.Prism);
        var consolePage = await SignedInPageAsync();
        await consolePage.GotoAsync(app.DashboardUrl + "#/console/prism");
        var lines = consolePage.Locator("#console > div");
        await Expect(lines.First).ToBeVisibleAsync(Visible);
        var linesBefore = await lines.CountAsync();

        var page = await SignedInPageAsync();
        var row = page.Locator("tr[data-resource='prism']");
        await Expect(row.Locator(".badge.state")).ToHaveTextAsync("Running", new() { Timeout = 30_000 });
        var pidCell = row.Locator("td").Nth(5);
        await Expect(pidCell).ToHaveTextAsync(before.ToString()!, new() { Timeout = 30_000 });
        await row.Locator("button[data-command='restart']").ClickAsync();

        // A new process, running again: the row shows its new PID.
        await Expect(pidCell).Not.ToHaveTextAsync(before.ToString()!, new() { Timeout = 90_000 });
        await Expect(row.Locator(".badge.state")).ToHaveTextAsync("Running", new() { Timeout = 90_000 });
        await Expect(pidCell).Not.ToBeEmptyAsync(new() { Timeout = 90_000 });
        Assert.NotEqual(before, app.GetProcessId(PulseResources.Prism));
        Assert.Equal((await pidCell.TextContentAsync())!, app.GetProcessId(PulseResources.Prism)?.ToString());

        // The console page was not reloaded: the new process's output arrived on its own.
        await Expect(lines).Not.ToHaveCountAsync(linesBefore, new() { Timeout = 30_000 });
        Assert.True(await lines.CountAsync() > linesBefore);
    }

    [Fact]
    public async Task TheLogsViewFiltersByResourceAndLevel()
    {
        var page = await SignedInPageAsync();
        await page.GotoAsync(graph.App.DashboardUrl + "#/logs?service=registry");
        var rows = page.Locator("#logs tbody tr[data-level]");
        await Expect(rows.First).ToBeVisibleAsync(Visible);
        var services = await page.Locator("#logs tbody tr[data-level] td:nth-child(2)").AllTextContentsAsync();
        Assert.All(services, service => Assert.Equal(PulseResources.Registry, service));

        await page.SelectOptionAsync("#logs-level", "Warning");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("level=Warning"));
        await Expect(page.Locator("#logs tbody tr[data-level='Information']")).ToHaveCountAsync(0, new() { Timeout = 10_000 });
    }

    private async Task<IPage> SignedInPageAsync()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(graph.App.DashboardLoginUrl.ToString());
        await Expect(page.Locator("#resources")).ToBeVisibleAsync(Visible);
        return page;
    }

    private static Task<string> TraceWithPathAsync(Dashboard dashboard, string path, CancellationToken cancellationToken) =>
        Eventually.ValueAsync(async () =>
        {
            foreach (var trace in (await dashboard.GetAsync("/api/traces?service=registry&limit=50", cancellationToken)).EnumerateArray())
            {
                var id = trace.GetProperty("trace_id").GetString()!;
                if ((await dashboard.GetTextAsync("/api/traces/" + id, cancellationToken)).Contains(path, StringComparison.Ordinal))
                {
                    return (true, id);
                }
            }

            return (false, "");
        }, TimeSpan.FromSeconds(30), "the registry's trace of " + path, cancellationToken);
}
