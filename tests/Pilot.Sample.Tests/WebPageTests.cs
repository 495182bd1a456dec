using Microsoft.Playwright;
using Pulse.ServiceDefaults;

namespace Pilot.Sample.Tests;

/// <summary>The web page in Debian's headless Chromium, driven by Playwright.</summary>
[Collection(StackCollection.Name)]
public sealed class WebPageTests(StackFixture stack)
{
    // Generous deadlines: Chromium shares two cores with the whole stack and the rest of the suite, and Playwright's own
    // defaults (30 s for navigation, 5 s for an expectation) were missed there once.
    private const float Deadline = 90_000;

    static WebPageTests() => Assertions.SetDefaultExpectTimeout(Deadline);

    [Fact]
    public async Task ASignedInUserSeesHaulAsAPulseClientGrabsWithTheFormAndPilotAndPrismSignInsCoexist()
    {
        var ct = TestContext.Current.CancellationToken;
        using var pilotApi = stack.Consumer(PulseResources.Pilot);
        await ConsumerApi.WaitForHaulAsync(pilotApi, stack.HaulUrl, stack.HaulKey, ct);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var context = await browser.NewContextAsync();
        var pilotUrl = stack.Graph.Endpoint(PulseResources.Pilot).ToString();
        var prismUrl = stack.Graph.Endpoint(PulseResources.Prism).ToString();

        var pilot = await SignInAsync(context, pilotUrl, StackFixture.PilotKey);
        var haulRow = pilot.Locator("#download-clients tr", new() { HasText = "haul" });
        await Assertions.Expect(haulRow).ToContainTextAsync("pulse");

        var title = "Web grab " + Guid.NewGuid().ToString("N")[..6];
        await pilot.FillAsync("#grab input[name=title]", title);
        await pilot.FillAsync("#grab input[name=uri]", $"magnet:?xt=urn:btih:{ConsumerApi.NewInfoHash()}");
        await pilot.FillAsync("#grab input[name=category]", "tv");
        await pilot.ClickAsync("#grab button");
        await Assertions.Expect(pilot.Locator("#grabs tr", new() { HasText = title })).ToContainTextAsync("sent");

        // Same browser, same host (cookies ignore the port): prism's sign-in must not replace pilot's.
        var prism = await SignInAsync(context, prismUrl, StackFixture.PrismKey);
        await Assertions.Expect(prism.Locator("#download-clients")).ToBeVisibleAsync();
        await pilot.ReloadAsync();
        await Assertions.Expect(pilot.Locator("#download-clients")).ToBeVisibleAsync();
        var cookies = (await context.CookiesAsync()).Select(cookie => cookie.Name).ToList();
        Assert.Contains("pulse-pilot-auth", cookies);
        Assert.Contains("pulse-prism-auth", cookies);
        Assert.DoesNotContain(await context.CookiesAsync(), cookie => cookie.Value.Contains(StackFixture.PilotKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AWrongKeyDoesNotSignIn()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        });
        var page = await SignInAsync(await browser.NewContextAsync(), stack.Graph.Endpoint(PulseResources.Pilot).ToString(), "wrong-key");

        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("not this consumer's API key");
        Assert.Equal(0, await page.Locator("#download-clients").CountAsync());
    }

    private static async Task<IPage> SignInAsync(IBrowserContext context, string url, string key)
    {
        context.SetDefaultTimeout(Deadline);
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await page.FillAsync("#signin input[name=api_key]", key);
        await page.ClickAsync("#signin button");
        await page.WaitForLoadStateAsync();
        return page;
    }
}
