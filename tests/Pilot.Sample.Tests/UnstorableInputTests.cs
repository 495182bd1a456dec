using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pulse.ServiceDefaults;

namespace Pilot.Sample.Tests;

/// <summary>
/// The regression table for bad input on every route of Pilot (run as pilot, as prism runs the same code): malformed
/// JSON, wrong types, numbers out of range, text that cannot be stored, missing antiforgery tokens. Each is a 4xx
/// problem naming the field, and the test's grabs and download clients read back unchanged.
/// </summary>
[Collection(StackCollection.Name)]
public sealed partial class UnstorableInputTests(StackFixture stack)
{
    // Written into JSON bodies as escapes, so the request itself is valid UTF-8 JSON.
    private const string Nul = @"\u0000";
    private const string Lone = @"\ud800";
    private const string TokenField = "__RequestVerificationToken";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// why, method, path, body (or null), content type, expected status, expected error key (or null). Placeholders:
    /// {name} the test's unique name (every grab title and client name it sends starts with it), {client} its manual
    /// download client, {NUL} and {LONE} the JSON escapes.
    /// </summary>
    public static TheoryData<string, string, string, string?, string, int, string?> Cases => new()
    {
        { "a NUL in a grab's title", "POST", "/api/v1/grabs", """{"title":"{name}{NUL}","uri":"magnet:?xt=urn:btih:{hash}"}""", "application/json", 400, "title" },
        { "a lone surrogate in a grab's uri", "POST", "/api/v1/grabs", """{"title":"{name}","uri":"magnet:?xt=urn:btih:{hash}&dn={LONE}"}""", "application/json", 400, "uri" },
        { "a NUL in a grab's category", "POST", "/api/v1/grabs", """{"title":"{name}","uri":"magnet:?xt=urn:btih:{hash}","category":"tv{NUL}"}""", "application/json", 400, "category" },
        { "a number for a grab's title", "POST", "/api/v1/grabs", """{"title":5,"uri":"magnet:?xt=urn:btih:{hash}","category":"{name}"}""", "application/json", 400, "title" },
        { "an object for a grab's uri", "POST", "/api/v1/grabs", """{"title":"{name}","uri":{"href":"x"}}""", "application/json", 400, "uri" },
        { "a grab that is not JSON", "POST", "/api/v1/grabs", """{"title":"{name}","uri":""", "application/json", 400, null },
        { "a grab as a JSON array", "POST", "/api/v1/grabs", """["{name}"]""", "application/json", 400, null },
        { "a grab as text/plain", "POST", "/api/v1/grabs", """{"title":"{name}","uri":"magnet:?xt=urn:btih:{hash}"}""", "text/plain", 415, null },
        { "a limit that is not a number", "GET", "/api/v1/grabs?limit=abc", null, "", 400, "limit" },
        { "a limit beyond an int", "GET", "/api/v1/grabs?limit=99999999999", null, "", 400, "limit" },
        { "a NUL in the limit", "GET", "/api/v1/grabs?limit=1%00", null, "", 400, "limit" },
        { "a string for a client's priority", "POST", "/api/v1/download-clients", """{"name":"{name}-new","url":"http://127.0.0.1:9/","api_key":"k","priority":"high"}""", "application/json", 400, "priority" },
        { "a huge number for a client's priority", "POST", "/api/v1/download-clients", """{"name":"{name}-new","url":"http://127.0.0.1:9/","api_key":"k","priority":1e30}""", "application/json", 400, "priority" },
        { "a priority out of range", "POST", "/api/v1/download-clients", """{"name":"{name}-new","url":"http://127.0.0.1:9/","api_key":"k","priority":-3}""", "application/json", 400, "priority" },
        { "a string for a client's enabled", "POST", "/api/v1/download-clients", """{"name":"{name}-new","url":"http://127.0.0.1:9/","api_key":"k","enabled":"yes"}""", "application/json", 400, "enabled" },
        { "an unknown protocol", "POST", "/api/v1/download-clients", """{"name":"{name}-new","url":"http://127.0.0.1:9/","api_key":"k","protocol":"carrier"}""", "application/json", 400, "protocol" },
        { "a NUL in a client's name", "POST", "/api/v1/download-clients", """{"name":"{name}-new{NUL}","url":"http://127.0.0.1:9/","api_key":"k"}""", "application/json", 400, "name" },
        { "a lone surrogate in a client's url", "POST", "/api/v1/download-clients", """{"name":"{name}-new","url":"http://127.0.0.1:9/{LONE}","api_key":"k"}""", "application/json", 400, "url" },
        { "a NUL in a client's key", "POST", "/api/v1/download-clients", """{"name":"{name}-new","url":"http://127.0.0.1:9/","api_key":"k{NUL}"}""", "application/json", 400, "api_key" },
        { "a NUL in an update's category", "PUT", "/api/v1/download-clients/{client}", """{"name":"{name}-dc","url":"http://127.0.0.1:9/","api_key":"k","category":"{NUL}"}""", "application/json", 400, "category" },
        { "a string for an update's priority", "PUT", "/api/v1/download-clients/{client}", """{"name":"{name}-dc","url":"http://127.0.0.1:9/","api_key":"k","priority":"high"}""", "application/json", 400, "priority" },
        { "an update that is not JSON", "PUT", "/api/v1/download-clients/{client}", """{"name":""", "application/json", 400, null },
        { "a NUL in include", "GET", "/api/v1/download-clients?include=%00", null, "", 400, "include" },
        { "a NUL in the one client's include", "GET", "/api/v1/download-clients/{client}?include=credentials%00", null, "", 400, "include" },
        { "a NUL in a delete's query", "DELETE", "/api/v1/download-clients/{client}?x=%00", null, "", 400, "x" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadInputIsAProblemNamingTheFieldAndChangesNothing(
        string why, string method, string path, string? body, string contentType, int status, string? field)
    {
        using var pilot = stack.Consumer(PulseResources.Pilot);
        var name = "txt-" + Guid.NewGuid().ToString("N")[..12];
        var client = await AddManualClientAsync(pilot, name);
        var before = await SnapshotAsync(pilot, name);

        string Fill(string text) => text
            .Replace("{name}", name, StringComparison.Ordinal).Replace("{client}", client, StringComparison.Ordinal)
            .Replace("{hash}", ConsumerApi.NewInfoHash(), StringComparison.Ordinal)
            .Replace("{NUL}", Nul, StringComparison.Ordinal).Replace("{LONE}", Lone, StringComparison.Ordinal);

        using var request = new HttpRequestMessage(new HttpMethod(method), Fill(path));
        if (body is not null)
        {
            request.Content = new StringContent(Fill(body), Encoding.UTF8, contentType);
        }

        using var response = await pilot.SendAsync(request, Ct);
        await AssertProblemAsync(response, why, status, field);
        Assert.Equal(before, await SnapshotAsync(pilot, name));
    }

    [Fact]
    public async Task TheSignInFormWithoutItsAntiforgeryTokenIsAProblemAndDoesNotSignIn()
    {
        using var browser = Browser();
        await PageTokenAsync(browser);

        using var response = await browser.PostAsync("/signin", Form(("api_key", StackFixture.PilotKey)), Ct);

        await AssertProblemAsync(response, "sign-in without a token", 400, TokenField);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("pulse-pilot-auth=", StringComparison.Ordinal)));
        Assert.Contains("action=\"/signin\"", await browser.GetStringAsync("/", Ct), StringComparison.Ordinal);
    }

    // ASP.NET Core's form reader refuses a whole form that holds a NUL, so the problem cannot name the field.
    [Fact]
    public async Task AKeyWithANulInTheSignInFormIsAProblemAndDoesNotSignIn()
    {
        using var browser = Browser();
        var token = await PageTokenAsync(browser);

        using var response = await browser.PostAsync("/signin", Form((TokenField, token), ("api_key", StackFixture.PilotKey + "\0")), Ct);

        await AssertProblemAsync(response, "sign-in with a NUL", 400, field: null);
        Assert.Contains("action=\"/signin\"", await browser.GetStringAsync("/", Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSignOutFormWithoutItsAntiforgeryTokenIsAProblemAndKeepsTheSignIn()
    {
        using var browser = await SignedInBrowserAsync();

        using var response = await browser.PostAsync("/signout", Form(), Ct);

        await AssertProblemAsync(response, "sign-out without a token", 400, TokenField);
        Assert.Contains("action=\"/signout\"", await browser.GetStringAsync("/", Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheGrabFormWithoutItsAntiforgeryTokenIsAProblemAndStoresNoGrab()
    {
        using var browser = await SignedInBrowserAsync();
        using var pilot = stack.Consumer(PulseResources.Pilot);
        var title = "txt-" + Guid.NewGuid().ToString("N")[..12];

        using var response = await browser.PostAsync("/grab",
            Form(("title", title), ("uri", $"magnet:?xt=urn:btih:{ConsumerApi.NewInfoHash()}")), Ct);

        await AssertProblemAsync(response, "grab without a token", 400, TokenField);
        Assert.Equal("", await SnapshotAsync(pilot, title));
    }

    [Theory]
    [InlineData("title")]
    [InlineData("uri")]
    [InlineData("category")]
    public async Task ANulInAGrabFormFieldIsAProblemAndStoresNoGrab(string field)
    {
        using var browser = await SignedInBrowserAsync();
        using var pilot = stack.Consumer(PulseResources.Pilot);
        var token = await PageTokenAsync(browser);
        var title = "txt-" + Guid.NewGuid().ToString("N")[..12];
        var fields = new Dictionary<string, string>
        {
            ["title"] = title,
            ["uri"] = $"magnet:?xt=urn:btih:{ConsumerApi.NewInfoHash()}",
            ["category"] = "tv",
        };
        fields[field] += "\0";

        using var response = await browser.PostAsync("/grab",
            Form((TokenField, token), ("title", fields["title"]), ("uri", fields["uri"]), ("category", fields["category"])), Ct);

        await AssertProblemAsync(response, $"a NUL in the form's {field}", 400, field: null);
        Assert.Equal("", await SnapshotAsync(pilot, title));
    }

    [Fact]
    public async Task AGrabFormFieldSentTwiceStoresNoGrabAndSaysWhichField()
    {
        using var browser = await SignedInBrowserAsync();
        using var pilot = stack.Consumer(PulseResources.Pilot);
        var token = await PageTokenAsync(browser);
        var title = "txt-" + Guid.NewGuid().ToString("N")[..12];

        // Bound as one string, the two titles were stored joined by a comma ("a,b").
        using var response = await browser.PostAsync("/grab",
            Form((TokenField, token), ("title", title), ("title", title + "-second"), ("uri", $"magnet:?xt=urn:btih:{ConsumerApi.NewInfoHash()}")), Ct);

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        Assert.Equal("/?message=" + Uri.EscapeDataString("The form sent title more than once."), response.Headers.Location?.OriginalString);
        Assert.Equal("", await SnapshotAsync(pilot, title));
    }

    private static Task AssertProblemAsync(HttpResponseMessage response, string why, int status, string? field) =>
        ProblemAssert.NamesFieldAsync(response, why, status, field, Ct);

    private static async Task<string> AddManualClientAsync(HttpClient pilot, string name)
    {
        // Disabled, so no other test's grab is ever sent to it.
        using var response = await pilot.PostAsJsonAsync("/api/v1/download-clients",
            new { name = name + "-dc", url = "http://127.0.0.1:9/", api_key = "k", category = "tv", priority = 50, enabled = false }, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"add: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    // What the test owns, as the API reads it back: its download clients and grabs (by name and title prefix).
    private static async Task<string> SnapshotAsync(HttpClient pilot, string name)
    {
        var clients = (await ConsumerApi.DownloadClientsAsync(pilot, Ct))
            .Where(c => c.GetProperty("name").GetString()!.StartsWith(name, StringComparison.Ordinal))
            .Select(c =>
            {
                var entry = JsonNode.Parse(c.GetRawText())!.AsObject();
                entry.Remove("status");
                return entry.ToJsonString();
            });
        var grabs = (await pilot.GetFromJsonAsync<JsonElement[]>("/api/v1/grabs?limit=1000", Ct))!
            .Where(g => g.GetProperty("title").GetString()!.StartsWith(name, StringComparison.Ordinal)
                || g.GetProperty("category").GetString() == name)
            .Select(g => g.GetRawText());
        return string.Join("\n", clients.Order(StringComparer.Ordinal).Concat(grabs.Order(StringComparer.Ordinal)));
    }

    // A browser of its own: cookies kept, redirects not followed, no key.
    private HttpClient Browser() =>
        new(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = stack.Graph.Endpoint(PulseResources.Pilot),
        };

    private async Task<HttpClient> SignedInBrowserAsync()
    {
        var browser = Browser();
        var token = await PageTokenAsync(browser);
        using var signIn = await browser.PostAsync("/signin", Form((TokenField, token), ("api_key", StackFixture.PilotKey)), Ct);
        Assert.True(signIn.StatusCode == HttpStatusCode.Redirect, $"sign-in: {(int)signIn.StatusCode}");
        Assert.Contains("action=\"/signout\"", await browser.GetStringAsync("/", Ct), StringComparison.Ordinal);
        return browser;
    }

    private static async Task<string> PageTokenAsync(HttpClient browser)
    {
        var page = await browser.GetStringAsync("/", Ct);
        var match = TokenInput().Match(page);
        Assert.True(match.Success, "the page carries no antiforgery token");
        return WebUtility.HtmlDecode(match.Groups["token"].Value);
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex TokenInput();
}
