using System.Diagnostics;
using Microsoft.Playwright;

namespace Pulse.Dashboard.Bench;

/// <summary>Times headless Chromium from opening the trace list until its rows are on the page.</summary>
internal static class BrowserRenderBench
{
    private const string Chromium = "/usr/bin/chromium";

    public static async Task<double?> RunAsync(BenchHost host, CancellationToken cancellationToken)
    {
        if (!File.Exists(Chromium))
        {
            return null;
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(host.App.DashboardLoginUrl.ToString());
        await page.WaitForSelectorAsync("#resources");
        cancellationToken.ThrowIfCancellationRequested();

        var samples = new List<double>();
        for (var run = 0; run < 5; run++)
        {
            await page.GotoAsync(host.App.DashboardUrl + "#/resources");
            var stopwatch = Stopwatch.StartNew();
            await page.GotoAsync(host.App.DashboardUrl + "#/traces");
            try
            {
                await page.WaitForFunctionAsync("() => document.querySelectorAll('#traces tbody tr[data-trace]').length === 100");
            }
            catch (TimeoutException)
            {
                Console.WriteLine("Browser: the trace list did not render; the page shows: " + await page.InnerTextAsync("main"));
                return null;
            }

            samples.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        samples.Sort();
        return samples[samples.Count / 2];
    }
}
