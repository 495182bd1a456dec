using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Pulse.Dashboard.Tests;

/// <summary>
/// Opens every view of the dashboard on the real graph; with <c>PULSE_SCREENSHOTS_DIR</c> set, saves a screenshot
/// of each for the docs (docs/images).
/// </summary>
[Collection(DashboardGraphCollection.Name)]
public sealed class ScreenshotTests(DashboardGraphFixture graph, BrowserFixture browser)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 30_000 };

    [Fact]
    public async Task EveryViewRendersWithTheGraphsData()
    {
        var ct = TestContext.Current.CancellationToken;
        var app = graph.App;
        var folder = Environment.GetEnvironmentVariable("PULSE_SCREENSHOTS_DIR");
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1440, Height = 860 } });
        var page = await context.NewPageAsync();

        await page.GotoAsync(app.DashboardUrl + "login");
        await Expect(page.Locator("form input[name='t']")).ToBeVisibleAsync(Visible);
        await SaveAsync(page, folder, "login");

        await page.GotoAsync(app.DashboardLoginUrl.ToString());
        await Expect(page.Locator("tr[data-resource='registry'] .badge.health")).ToHaveTextAsync("Healthy", new() { Timeout = 30_000 });
        await page.Locator("tr[data-resource='registry'] details summary").ClickAsync();
        await SaveAsync(page, folder, "resources");

        await page.GotoAsync(app.DashboardUrl + "#/console/registry");
        await Expect(page.Locator("#console > div").First).ToBeVisibleAsync(Visible);
        await SaveAsync(page, folder, "console");

        await page.GotoAsync(app.DashboardUrl + "#/logs");
        await Expect(page.Locator("#logs tbody tr[data-level]").First).ToBeVisibleAsync(Visible);
        await SaveAsync(page, folder, "logs");

        await page.GotoAsync(app.DashboardUrl + "#/traces");
        await Expect(page.Locator("#traces tbody tr[data-trace]").First).ToBeVisibleAsync(Visible);
        await SaveAsync(page, folder, "traces");

        using var dashboard = new Dashboard(app);
        await PilotGrab.SendAsync(app, ct);
        var traceId = await PilotGrab.WaitForTraceAsync(dashboard, ct);
        await page.GotoAsync(app.DashboardUrl + "#/traces/" + traceId);
        await Expect(page.Locator("#waterfall .span-row").First).ToBeVisibleAsync(Visible);
        await page.Locator("#waterfall .span-row").Last.ClickAsync();
        await SaveAsync(page, folder, "trace");

        await Eventually.ValueAsync(async () =>
        {
            var metrics = await dashboard.GetAsync("/api/metrics", ct);
            return (metrics.GetArrayLength() > 0, metrics);
        }, TimeSpan.FromSeconds(30), "metrics from the services", ct);
        await page.GotoAsync(app.DashboardUrl + "#/metrics?service=registry");
        await Expect(page.Locator("#metrics tbody tr").First).ToBeVisibleAsync(Visible);
        await SaveAsync(page, folder, "metrics");
        await context.DisposeAsync();
    }

    private static async Task SaveAsync(IPage page, string? folder, string name)
    {
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"dashboard-{name}.png") });
        }
    }
}
