using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Pulse.ServiceDefaults;

namespace Pilot.Sample.Tests;

/// <summary>Pilot's page over plain HTTP: its headers, and sessions that end at sign-out and start anew at sign-in.</summary>
[Collection(StackCollection.Name)]
public sealed partial class WebPageHardeningTests(StackFixture stack)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Uri Pilot => stack.Graph.Endpoint(PulseResources.Pilot);

    [Fact]
    public async Task ThePageTheApiAndARefusalSendAContentSecurityPolicyThatAllowsThePageStyleAndNoFraming()
    {
        using var browser = new WebSessionClient(Pilot);
        using var page = await browser.Http.GetAsync("/", Ct);
        using var consumer = stack.Consumer(PulseResources.Pilot);
        using var api = await consumer.GetAsync("/api/v1/grabs", Ct);
        using var anonymous = new WebSessionClient(Pilot);
        using var refused = await anonymous.Http.GetAsync("/api/v1/grabs", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        foreach (var response in new[] { page, api, refused })
        {
            var policy = Directives(Header(response, "Content-Security-Policy"));
            Assert.Equal("'none'", policy["frame-ancestors"]);
            Assert.Equal("'none'", policy["default-src"]);
            Assert.Equal("'self'", policy["form-action"]);
            Assert.False(policy.ContainsKey("script-src"), "the page has no script, and none is allowed");
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        }

        // The page's one inline style is the one the policy allows by hash, so the page still looks as it should.
        var html = await page.Content.ReadAsStringAsync(Ct);
        var styles = InlineStyle().Matches(html);
        var style = Assert.Single(styles).Groups["css"].Value;
        var hash = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style)))}'";
        Assert.Equal(hash, Directives(Header(page, "Content-Security-Policy"))["style-src"]);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SigningOutWithoutTheAntiforgeryTokenIsRefusedAndTheSessionGoesOn()
    {
        using var browser = new WebSessionClient(Pilot);
        await browser.SignInAsync(StackFixture.PilotKey, Ct);

        using var withoutToken = await browser.PostFormAsync("/signout", [], Ct);
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        using var wrongToken = await browser.PostFormAsync("/signout", [new("__RequestVerificationToken", "not-a-token")], Ct);
        Assert.Equal(HttpStatusCode.BadRequest, wrongToken.StatusCode);

        Assert.True(await browser.IsSignedInAsync(Ct), "the session ended without a valid token");
    }

    [Fact]
    public async Task ACopiedSignInCookieIsRefusedOnceItsSessionHasSignedOut()
    {
        using var browser = new WebSessionClient(Pilot);
        var cookie = await browser.SignInAsync(StackFixture.PilotKey, Ct);
        using var copy = CopyWith(cookie);
        using (var before = await copy.Http.GetAsync("/api/v1/grabs", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var (_, token) = await browser.PageAsync(Ct);
        using var signedOut = await browser.PostFormAsync("/signout", [token], Ct);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        using var after = await copy.Http.GetAsync("/api/v1/grabs", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.False(await copy.IsSignedInAsync(Ct), "the copied cookie still shows the signed-in page");
    }

    [Fact]
    public async Task EachSignInStartsANewSessionAndEndsTheOneTheBrowserHad()
    {
        // The sign-in form, posted twice: as from two tabs that showed it before either signed in.
        using var browser = new WebSessionClient(Pilot);
        var (_, form) = await browser.PageAsync(Ct);
        var first = await browser.SignInAsync(StackFixture.PilotKey, Ct, form);
        var second = await browser.SignInAsync(StackFixture.PilotKey, Ct, form);
        Assert.NotEqual(first, second);

        using var old = CopyWith(first);
        using var oldAnswer = await old.Http.GetAsync("/api/v1/grabs", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, oldAnswer.StatusCode);
        using var current = CopyWith(second);
        using var currentAnswer = await current.Http.GetAsync("/api/v1/grabs", Ct);
        Assert.Equal(HttpStatusCode.OK, currentAnswer.StatusCode);
    }

    private WebSessionClient CopyWith(string authCookie)
    {
        var copy = new WebSessionClient(Pilot);
        copy.Cookies.Add(Pilot, new Cookie($"pulse-{PulseResources.Pilot}-auth", authCookie));
        return copy;
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri} has no {name} header");

    private static Dictionary<string, string> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(directive => directive.Split(' ', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "");

    [GeneratedRegex("<style>(?<css>.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex InlineStyle();
}
