using System.Net;
using System.Text.Json;

namespace Pulse.Hosting.Tests.Dashboard;

public sealed class DashboardSecurityTests(EmptyGraphFixture graph) : IClassFixture<EmptyGraphFixture>
{
    [Theory]
    [InlineData("/api/resources")]
    [InlineData("/api/traces")]
    [InlineData("/api/logs")]
    [InlineData("/api/resources/registry/console")]
    public async Task TheApiWithoutTheTokenIsUnauthorized(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        using var anonymous = DashboardClient.Anonymous(graph.App);
        using var wrongBearer = DashboardClient.Bearer(graph.App, "not-the-token");
        using var bearer = DashboardClient.Bearer(graph.App);

        using var withoutToken = await anonymous.GetAsync(path, ct);
        using var withWrongToken = await wrongBearer.GetAsync(path, ct);
        using var withToken = await bearer.GetAsync(path, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withWrongToken.StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, withToken.StatusCode);
    }

    [Fact]
    public async Task ThePageWithoutTheTokenRedirectsToTheSignInPage()
    {
        using var anonymous = DashboardClient.Anonymous(graph.App);
        using var response = await anonymous.GetAsync("/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task TheSignInLinkSetsAnHttpOnlyCookieThatIsNotTheToken()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = DashboardClient.Anonymous(graph.App);
        using var login = await client.GetAsync(graph.App.DashboardLoginUrl.PathAndQuery, ct);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/", login.Headers.Location?.OriginalString);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("pulse-dashboard-auth=", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(EmptyGraph.Token, cookie);

        using var page = await client.GetAsync("/", ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        using var api = await client.GetAsync("/api/resources", ct);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    [Fact]
    public async Task AWrongTokenInTheLinkDoesNotSignIn()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = DashboardClient.Anonymous(graph.App);
        using var login = await client.GetAsync("/login?t=not-the-token", ct);
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.False(login.Headers.Contains("Set-Cookie"));
        Assert.DoesNotContain("not-the-token", await login.Content.ReadAsStringAsync(ct));

        using var api = await client.GetAsync("/api/resources", ct);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:18888")]
    [InlineData("127.0.0.1.nip.io")]
    [InlineData("localhost.evil.example")]
    public async Task ARequestWithANonLoopbackHostIsRefused(string host)
    {
        var ct = TestContext.Current.CancellationToken;
        using var bearer = DashboardClient.Bearer(graph.App);
        foreach (var path in (string[])["/api/resources", "/", "/login?t=" + EmptyGraph.Token])
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Host = host;
            using var response = await bearer.SendAsync(request, ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    public async Task ALoopbackHostWithAnyPortIsServed(string host)
    {
        var ct = TestContext.Current.CancellationToken;
        using var bearer = DashboardClient.Bearer(graph.App);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/resources");
        request.Headers.Host = $"{host}:{graph.App.Options.DashboardPort}";
        using var response = await bearer.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        using var withoutPort = new HttpRequestMessage(HttpMethod.Get, "/api/resources");
        withoutPort.Headers.Host = host;
        using var response2 = await bearer.SendAsync(withoutPort, ct);
        Assert.Equal(HttpStatusCode.OK, response2.StatusCode);
    }

    [Fact]
    public async Task ACommandFromTheBrowserNeedsTheAntiforgeryTokenAndABearerCallDoesNot()
    {
        var ct = TestContext.Current.CancellationToken;
        using var browser = await DashboardClient.SignedInAsync(graph.App, ct);

        // The resource does not exist: 404 shows the call got past the antiforgery check, 400 that it did not.
        using var withoutToken = await browser.PostAsync("/api/resources/nothing/restart", null, ct);
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);

        var antiforgery = await DashboardClient.GetJsonAsync(browser, "/api/antiforgery", ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/resources/nothing/restart");
        request.Headers.Add(antiforgery.GetProperty("header_name").GetString()!, antiforgery.GetProperty("request_token").GetString());
        using var withToken = await browser.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.NotFound, withToken.StatusCode);

        using var bearer = DashboardClient.Bearer(graph.App);
        using var bearerCall = await bearer.PostAsync("/api/resources/nothing/restart", null, ct);
        Assert.Equal(HttpStatusCode.NotFound, bearerCall.StatusCode);
    }

    [Fact]
    public async Task CommandsAreNotReachableWithGet()
    {
        using var bearer = DashboardClient.Bearer(graph.App);
        using var response = await bearer.GetAsync("/api/resources/nothing/restart", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task TheResourcesViewMasksSecrets()
    {
        using var bearer = DashboardClient.Bearer(graph.App);
        var body = JsonSerializer.Serialize(await DashboardClient.GetJsonAsync(bearer, "/api/resources", TestContext.Current.CancellationToken));
        Assert.DoesNotContain(EmptyGraph.Secret, body);
        Assert.DoesNotContain(EmptyGraph.OtlpKey, body);
        Assert.DoesNotContain(EmptyGraph.Token, body);
    }
}
