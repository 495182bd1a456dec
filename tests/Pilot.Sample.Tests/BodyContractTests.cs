using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Pulse.ServiceDefaults;

namespace Pilot.Sample.Tests;

/// <summary>
/// The request-body contract of Pilot's routes that take a body (run as pilot, as prism runs the same code), as
/// tables: each body gets exactly this status and exactly these error keys (the snake_case JSON field names), and each
/// grab form exactly this outcome. Recorded on the hand-written checks, kept when the routes validate their bodies with
/// the built-in validation.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class BodyContractTests(StackFixture stack)
{
    private const string Json = "application/json";
    private const string Grabs = "/api/v1/grabs";
    private const string Clients = "/api/v1/download-clients";
    private const string Manual = "\"name\":\"{name}-new\",\"url\":\"http://127.0.0.1:9/\",\"api_key\":\"k\",\"enabled\":false";
    private const string Grab = "\"title\":\"{name}\",\"uri\":\"magnet:?xt=urn:btih:{hash}\"";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// why, method, path, content type, body (null: none), status, error keys (comma-separated, sorted; empty: none).
    /// Placeholders: {name} the case's unique name, {hash} a fresh info hash, {client} the case's manual download client
    /// (disabled), {synced} the entry synced from Pulse for Haul, {keep} that entry's category, priority and enabled as
    /// JSON fields (so a change that passes leaves it as it was), {random} an unknown id.
    /// </summary>
    public static TheoryData<string, string, string, string, string?, int, string> Cases => new()
    {
        // A grab: the body as a whole.
        { "grab: not JSON", "POST", Grabs, Json, "{", 400, "" },
        { "grab: no body", "POST", Grabs, Json, null, 400, "" },
        { "grab: an empty body", "POST", Grabs, Json, "", 400, "" },
        { "grab: JSON null", "POST", Grabs, Json, "null", 400, "" },
        { "grab: an array", "POST", Grabs, Json, "[]", 400, "" },
        { "grab: a string", "POST", Grabs, Json, "\"x\"", 400, "" },
        { "grab: text/plain", "POST", Grabs, "text/plain", "{" + Grab + "}", 415, "" },
        { "grab: an empty object", "POST", Grabs, Json, "{}", 400, "title,uri" },

        // A grab: one field at a time.
        { "grab: title is empty", "POST", Grabs, Json, """{"title":"","uri":"magnet:?xt=urn:btih:{hash}"}""", 400, "title" },
        { "grab: title is blank", "POST", Grabs, Json, """{"title":"  ","uri":"magnet:?xt=urn:btih:{hash}"}""", 400, "title" },
        { "grab: title is too long", "POST", Grabs, Json, "{\"title\":\"{name}" + new string('t', 500) + "\",\"uri\":\"magnet:?xt=urn:btih:{hash}\"}", 400, "title" },
        { "grab: title is a number", "POST", Grabs, Json, """{"title":5,"uri":"magnet:?xt=urn:btih:{hash}"}""", 400, "title" },
        { "grab: uri is missing", "POST", Grabs, Json, """{"title":"{name}"}""", 400, "uri" },
        { "grab: uri is blank", "POST", Grabs, Json, """{"title":"{name}","uri":" "}""", 400, "uri" },
        { "grab: uri is too long", "POST", Grabs, Json, "{\"title\":\"{name}\",\"uri\":\"magnet:?xt=urn:btih:{hash}&dn=" + new string('u', 16 * 1024) + "\"}", 400, "uri" },
        { "grab: uri is an object", "POST", Grabs, Json, """{"title":"{name}","uri":{"href":"x"}}""", 400, "uri" },
        { "grab: category is too long", "POST", Grabs, Json, "{" + Grab + ",\"category\":\"" + new string('c', 101) + "\"}", 400, "category" },
        { "grab: category is a number", "POST", Grabs, Json, "{" + Grab + ",\"category\":5}", 400, "category" },
        { "grab: category is an array", "POST", Grabs, Json, "{" + Grab + ",\"category\":[\"tv\"]}", 400, "category" },
        { "grab: every field at once", "POST", Grabs, Json, "{\"title\":\"\",\"uri\":\"\",\"category\":\"" + new string('c', 101) + "\"}", 400, "category,title,uri" },

        // A grab: what the contract accepts, and a uri Pilot passes on for Haul to judge.
        { "grab: unknown fields are ignored", "POST", Grabs, Json, "{" + Grab + ",\"category\":\"tv\",\"priority\":\"x\",\"extra\":[1,{\"a\":null}]}", 201, "" },
        { "grab: a scheme Haul refuses is its refusal", "POST", Grabs, Json, """{"title":"{name}","uri":"ftp://127.0.0.1/a.torrent"}""", 502, "" },

        // A manual download client: the body as a whole.
        { "add client: not JSON", "POST", Clients, Json, "{\"name\":", 400, "" },
        { "add client: no body", "POST", Clients, Json, null, 400, "" },
        { "add client: JSON null", "POST", Clients, Json, "null", 400, "" },
        { "add client: an array", "POST", Clients, Json, "[]", 400, "" },
        { "add client: text/plain", "POST", Clients, "text/plain", "{" + Manual + "}", 415, "" },
        { "add client: an empty object", "POST", Clients, Json, "{}", 400, "api_key,name,url" },

        // A manual download client: one field at a time.
        { "add client: name is blank", "POST", Clients, Json, """{"name":" ","url":"http://127.0.0.1:9/","api_key":"k"}""", 400, "name" },
        { "add client: name is too long", "POST", Clients, Json, "{\"name\":\"{name}" + new string('n', 200) + "\",\"url\":\"http://127.0.0.1:9/\",\"api_key\":\"k\"}", 400, "name" },
        { "add client: name is a number", "POST", Clients, Json, """{"name":5,"url":"http://127.0.0.1:9/","api_key":"k"}""", 400, "name" },
        { "add client: url is missing", "POST", Clients, Json, """{"name":"{name}-new","api_key":"k"}""", 400, "url" },
        { "add client: url is not a URL", "POST", Clients, Json, """{"name":"{name}-new","url":"not a url","api_key":"k"}""", 400, "url" },
        { "add client: url is relative", "POST", Clients, Json, """{"name":"{name}-new","url":"/haul","api_key":"k"}""", 400, "url" },
        { "add client: url is ftp", "POST", Clients, Json, """{"name":"{name}-new","url":"ftp://127.0.0.1/","api_key":"k"}""", 400, "url" },
        { "add client: url is a number", "POST", Clients, Json, """{"name":"{name}-new","url":80,"api_key":"k"}""", 400, "url" },
        { "add client: api_key is empty", "POST", Clients, Json, """{"name":"{name}-new","url":"http://127.0.0.1:9/","api_key":""}""", 400, "api_key" },
        { "add client: api_key is too long", "POST", Clients, Json, "{\"name\":\"{name}-new\",\"url\":\"http://127.0.0.1:9/\",\"api_key\":\"" + new string('k', 257) + "\"}", 400, "api_key" },
        { "add client: api_key is an object", "POST", Clients, Json, """{"name":"{name}-new","url":"http://127.0.0.1:9/","api_key":{}}""", 400, "api_key" },
        { "add client: an unknown protocol", "POST", Clients, Json, "{" + Manual + ",\"protocol\":\"carrier\"}", 400, "protocol" },
        { "add client: an empty protocol", "POST", Clients, Json, "{" + Manual + ",\"protocol\":\"\"}", 400, "protocol" },
        { "add client: implementation is too long", "POST", Clients, Json, "{" + Manual + ",\"implementation\":\"" + new string('i', 51) + "\"}", 400, "implementation" },
        { "add client: category is too long", "POST", Clients, Json, "{" + Manual + ",\"category\":\"" + new string('c', 101) + "\"}", 400, "category" },
        { "add client: priority is zero", "POST", Clients, Json, "{" + Manual + ",\"priority\":0}", 400, "priority" },
        { "add client: priority is 51", "POST", Clients, Json, "{" + Manual + ",\"priority\":51}", 400, "priority" },
        { "add client: priority is a word", "POST", Clients, Json, "{" + Manual + ",\"priority\":\"high\"}", 400, "priority" },
        { "add client: priority is a fraction", "POST", Clients, Json, "{" + Manual + ",\"priority\":1.5}", 400, "priority" },
        { "add client: enabled is a string", "POST", Clients, Json, "{\"name\":\"{name}-new\",\"url\":\"http://127.0.0.1:9/\",\"api_key\":\"k\",\"enabled\":\"no\"}", 400, "enabled" },
        { "add client: enabled is a number", "POST", Clients, Json, "{\"name\":\"{name}-new\",\"url\":\"http://127.0.0.1:9/\",\"api_key\":\"k\",\"enabled\":0}", 400, "enabled" },
        { "add client: every rule at once", "POST", Clients, Json, "{\"name\":\"\",\"url\":\"ftp://x\",\"api_key\":\"\",\"protocol\":\"x\",\"implementation\":\"" + new string('i', 51) + "\",\"category\":\"" + new string('c', 101) + "\",\"priority\":99}", 400, "api_key,category,implementation,name,priority,protocol,url" },

        // A manual download client: what the contract accepts.
        { "add client: the required fields", "POST", Clients, Json, "{" + Manual + "}", 201, "" },
        { "add client: every field", "POST", Clients, Json, "{" + Manual + ",\"implementation\":\"haul\",\"protocol\":\"usenet\",\"category\":\"tv\",\"priority\":50}", 201, "" },
        { "add client: priority as a numeric string", "POST", Clients, Json, "{" + Manual + ",\"priority\":\"5\"}", 201, "" },
        { "add client: a blank api_key", "POST", Clients, Json, "{\"name\":\"{name}-new\",\"url\":\"http://127.0.0.1:9/\",\"api_key\":\" \",\"enabled\":false}", 201, "" },
        { "add client: unknown fields are ignored", "POST", Clients, Json, "{" + Manual + ",\"port\":\"abc\",\"extra\":[1,{\"a\":null}],\"weight\":3.5}", 201, "" },

        // Changing a manual entry: the manual rules.
        { "update manual: not JSON", "PUT", Clients + "/{client}", Json, "{\"name\":", 400, "" },
        { "update manual: an empty object", "PUT", Clients + "/{client}", Json, "{}", 400, "api_key,name,url" },
        { "update manual: only the local fields", "PUT", Clients + "/{client}", Json, """{"category":"tv","priority":3}""", 400, "api_key,name,url" },
        { "update manual: url is ftp", "PUT", Clients + "/{client}", Json, """{"name":"{name}-dc","url":"ftp://127.0.0.1/","api_key":"k"}""", 400, "url" },
        { "update manual: priority is out of range", "PUT", Clients + "/{client}", Json, """{"name":"{name}-dc","url":"http://127.0.0.1:9/","api_key":"k","priority":51}""", 400, "priority" },
        { "update manual: priority and name at once", "PUT", Clients + "/{client}", Json, "{\"name\":\"" + new string('n', 201) + "\",\"url\":\"http://127.0.0.1:9/\",\"api_key\":\"k\",\"priority\":0}", 400, "name,priority" },
        { "update manual: priority is a word", "PUT", Clients + "/{client}", Json, """{"name":"{name}-dc","url":"http://127.0.0.1:9/","api_key":"k","priority":"high"}""", 400, "priority" },
        { "update manual: a full entry", "PUT", Clients + "/{client}", Json, """{"name":"{name}-dc","url":"http://127.0.0.1:9/","api_key":"k2","enabled":false,"extra":1}""", 200, "" },

        // Changing an entry synced from Pulse: only the local fields' rules, the registry's fields ignored but for their type.
        { "update synced: not JSON", "PUT", Clients + "/{synced}", Json, "{", 400, "" },
        { "update synced: priority is zero", "PUT", Clients + "/{synced}", Json, """{"priority":0}""", 400, "priority" },
        { "update synced: category is too long", "PUT", Clients + "/{synced}", Json, "{\"category\":\"" + new string('c', 101) + "\"}", 400, "category" },
        { "update synced: priority and category at once", "PUT", Clients + "/{synced}", Json, "{\"category\":\"" + new string('c', 101) + "\",\"priority\":51}", 400, "category,priority" },
        { "update synced: enabled is a string", "PUT", Clients + "/{synced}", Json, """{"enabled":"no"}""", 400, "enabled" },
        { "update synced: name is a number", "PUT", Clients + "/{synced}", Json, "{{keep},\"name\":5}", 400, "name" },
        { "update synced: the manual rules do not apply", "PUT", Clients + "/{synced}", Json, "{{keep},\"name\":\"\",\"url\":\"not a url\",\"api_key\":\"\",\"protocol\":\"carrier\",\"implementation\":\"" + new string('i', 51) + "\"}", 200, "" },
        { "update synced: the local fields as they are", "PUT", Clients + "/{synced}", Json, "{{keep}}", 200, "" },

        // Changing an entry that does not exist: the body is read first, the entry looked up before its rules apply.
        { "update unknown: priority is a word", "PUT", Clients + "/{random}", Json, """{"priority":"high"}""", 400, "priority" },
        { "update unknown: not JSON", "PUT", Clients + "/{random}", Json, "{", 400, "" },
        { "update unknown: priority is out of range", "PUT", Clients + "/{random}", Json, """{"priority":0}""", 404, "" },
        { "update unknown: an empty object", "PUT", Clients + "/{random}", Json, "{}", 404, "" },
    };

    /// <summary>
    /// why, title, uri, category (null: not sent), whether a grab is stored, the fields the page's message names (sorted;
    /// empty: none). Placeholders as in <see cref="Cases"/>.
    /// </summary>
    public static TheoryData<string, string, string, string?, bool, string> FormCases => new()
    {
        { "form: no title", "", "magnet:?xt=urn:btih:{hash}", "tv", false, "title" },
        { "form: a blank title", "  ", "magnet:?xt=urn:btih:{hash}", "tv", false, "title" },
        { "form: a title too long", "{name}" + new string('t', 500), "magnet:?xt=urn:btih:{hash}", "tv", false, "title" },
        { "form: no uri", "{name}", "", "tv", false, "uri" },
        { "form: a uri too long", "{name}", "magnet:?xt=urn:btih:{hash}&dn=" + new string('u', 16 * 1024), null, false, "uri" },
        { "form: a category too long", "{name}", "magnet:?xt=urn:btih:{hash}", new string('c', 101), false, "category" },
        { "form: every field at once", "", "", new string('c', 101), false, "category,title,uri" },
        { "form: a blank category is none", "{name}", "magnet:?xt=urn:btih:{hash}", "  ", true, "" },
        { "form: no category field", "{name}", "magnet:?xt=urn:btih:{hash}", null, true, "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EveryBodyGetsItsStatusAndExactlyItsErrorKeys(
        string why, string method, string path, string contentType, string? body, int status, string keys)
    {
        using var pilot = stack.Consumer(PulseResources.Pilot);
        var name = "body-" + Guid.NewGuid().ToString("N")[..12];
        var client = await AddManualClientAsync(pilot, name);
        var synced = await ConsumerApi.WaitForHaulAsync(pilot, stack.HaulUrl, stack.HaulKey, Ct) ?? throw new InvalidOperationException("Haul never synced.");
        var keep = $"\"category\":{JsonSerializer.Serialize(synced.GetProperty("category").GetString())},"
            + $"\"priority\":{synced.GetProperty("priority").GetInt32()},\"enabled\":{(synced.GetProperty("enabled").GetBoolean() ? "true" : "false")}";

        string Fill(string text) => text
            .Replace("{name}", name, StringComparison.Ordinal).Replace("{client}", client, StringComparison.Ordinal)
            .Replace("{synced}", synced.GetProperty("id").GetString(), StringComparison.Ordinal)
            .Replace("{keep}", keep, StringComparison.Ordinal)
            .Replace("{hash}", ConsumerApi.NewInfoHash(), StringComparison.Ordinal)
            .Replace("{random}", Guid.NewGuid().ToString(), StringComparison.Ordinal);

        using var request = new HttpRequestMessage(new HttpMethod(method), Fill(path));
        if (body is not null)
        {
            request.Content = new StringContent(Fill(body), Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        using var response = await pilot.SendAsync(request, Ct);
        await ProblemAssert.HasErrorKeysAsync(response, why, status, keys, Ct);
    }

    [Theory]
    [MemberData(nameof(FormCases))]
    public async Task EveryGrabFormGetsItsOutcomeAndAMessageNamingExactlyItsFields(
        string why, string title, string uri, string? category, bool stored, string fields)
    {
        using var pilot = stack.Consumer(PulseResources.Pilot);
        await ConsumerApi.WaitForHaulAsync(pilot, stack.HaulUrl, stack.HaulKey, Ct);
        var name = "form-" + Guid.NewGuid().ToString("N")[..12];
        string Fill(string text) => text
            .Replace("{name}", name, StringComparison.Ordinal).Replace("{hash}", ConsumerApi.NewInfoHash(), StringComparison.Ordinal);

        using var browser = new WebSessionClient(stack.Graph.Endpoint(PulseResources.Pilot));
        await browser.SignInAsync(StackFixture.PilotKey, Ct);
        var (_, token) = await browser.PageAsync(Ct);
        List<KeyValuePair<string, string>> form = [token, new("title", Fill(title)), new("uri", Fill(uri))];
        if (category is not null)
        {
            form.Add(new("category", category));
        }

        using var response = await browser.PostFormAsync("/grab", form, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{why}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        var location = response.Headers.Location?.OriginalString ?? "";
        Assert.StartsWith("/?message=", location, StringComparison.Ordinal);
        var message = Uri.UnescapeDataString(location["/?message=".Length..]);

        var named = new[] { "category", "title", "uri" }
            .Where(field => !stored && message.Contains(field, StringComparison.OrdinalIgnoreCase));
        Assert.True(string.Join(",", named) == fields, $"{why}: expected a message naming [{fields}]: {message}");

        var grabs = (await pilot.GetFromJsonAsync<JsonElement[]>("/api/v1/grabs?limit=1000", Ct))!;
        var found = grabs.Any(g => g.GetProperty("title").GetString()!.StartsWith(name, StringComparison.Ordinal));
        Assert.True(found == stored, $"{why}: stored {found}, expected {stored}: {message}");
        if (stored)
        {
            Assert.StartsWith("Grab ", message, StringComparison.Ordinal);
        }
    }

    private static async Task<string> AddManualClientAsync(HttpClient pilot, string name)
    {
        // Disabled, so no grab is ever sent to it.
        using var response = await pilot.PostAsJsonAsync(Clients,
            new { name = name + "-dc", url = "http://127.0.0.1:9/", api_key = "k", category = "tv", priority = 50, enabled = false }, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"add: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }
}
