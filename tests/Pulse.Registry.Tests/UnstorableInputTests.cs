using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using static Pulse.Registry.Tests.TestData;

namespace Pulse.Registry.Tests;

/// <summary>
/// The regression table for text that cannot be stored (a NUL, a lone surrogate) and other bad input on every route:
/// each is a 4xx problem naming the field, and what the test owns reads back unchanged.
/// </summary>
public sealed class UnstorableInputTests(GraphFixture graph)
{
    // Written into JSON bodies as escapes, so the request itself is valid UTF-8 JSON.
    private const string Nul = @"\u0000";
    private const string Lone = @"\ud800";

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    /// <summary>
    /// why, method, path, JSON body (or null), expected status, expected error key (or null). Placeholders: {name} the
    /// test's unique name, {service} its poll-mode download-client service, {client} its manual download client,
    /// {mid} a message id, {NUL} and {LONE} the JSON escapes.
    /// </summary>
    public static TheoryData<string, string, string, string?, int, string?> Cases => new()
    {
        { "a NUL in a registration's name", "POST", "/api/v1/services/register", """{"name":"{name}-x{NUL}","type":"media-manager","api_url":"http://127.0.0.1:1/"}""", 400, "name" },
        { "a lone surrogate in a registration's type", "POST", "/api/v1/services/register", """{"name":"{name}-x","type":"t{LONE}","api_url":"http://127.0.0.1:1/"}""", 400, "type" },
        { "a NUL in a capability", "POST", "/api/v1/services/register", """{"name":"{name}-x","type":"t","api_url":"http://127.0.0.1:1/","capabilities":["ok","a{NUL}"]}""", 400, "capabilities" },
        { "a lone surrogate in the version", "POST", "/api/v1/services/register", """{"name":"{name}-x","type":"t","api_url":"http://127.0.0.1:1/","version":"{LONE}"}""", 400, "version" },
        { "a NUL deep in metadata sent as an object", "POST", "/api/v1/services/register", """{"name":"{name}-x","type":"t","api_url":"http://127.0.0.1:1/","metadata":{"a":{"b":["{NUL}"]}}}""", 400, "metadata" },
        { "a NUL in a re-registration's metadata string", "POST", "/api/v1/services/register", """{"name":"{name}-svc","type":"download-client","delivery_mode":"poll","metadata":"{\"a\":\"{NUL}\"}"}""", 400, "metadata" },
        { "a lone surrogate in a re-registration's api_key", "POST", "/api/v1/services/register", """{"name":"{name}-svc","type":"download-client","delivery_mode":"poll","api_key":"k{LONE}"}""", 400, "api_key" },
        { "an unknown delivery_mode on re-registration", "POST", "/api/v1/services/register", """{"name":"{name}-svc","type":"download-client","delivery_mode":"teleport"}""", 400, "delivery_mode" },
        { "a NUL in a property name", "POST", "/api/v1/services/register", """{"name":"{name}-x","type":"t","api_url":"http://127.0.0.1:1/","x{NUL}":1}""", 400, null },
        { "a NUL in the heartbeat's query", "PUT", "/api/v1/services/{service}/heartbeat?x=%00", null, 400, "x" },
        { "a NUL in the status filter", "GET", "/api/v1/services?status=online%00", null, 400, "status" },
        { "a NUL in discovery's type", "GET", "/api/v1/services/discover?type=%00", null, 400, "type" },
        { "a NUL in discovery's capability", "GET", "/api/v1/services/discover?capability=supports%00torrent", null, 400, "capability" },
        { "a NUL in include", "GET", "/api/v1/services/{service}?include=%00", null, 400, "include" },
        { "a NUL in the download clients' wait", "GET", "/api/v1/download-clients?index=1&wait=%00", null, 400, "wait" },
        { "a NUL in the events' cursor", "GET", "/api/v1/events?after=1%00", null, 400, "after" },
        { "a NUL in a manual download client's name", "POST", "/api/v1/download-clients", """{"name":"{name}-dc2{NUL}","kind":"q","host":"10.0.0.1","port":80}""", 400, "name" },
        { "a lone surrogate in a manual download client's category", "POST", "/api/v1/download-clients", """{"name":"{name}-dc2","kind":"q","host":"10.0.0.1","port":80,"category":"{LONE}tv"}""", 400, "category" },
        { "a NUL in settings sent as an object", "POST", "/api/v1/download-clients", """{"name":"{name}-dc2","kind":"q","host":"10.0.0.1","port":80,"settings":{"k":"{NUL}"}}""", 400, "settings" },
        { "a NUL in an update's username", "PUT", "/api/v1/download-clients/{client}", """{"name":"{name}-dc","kind":"q","host":"10.0.0.2","port":81,"username":"u{NUL}"}""", 400, "username" },
        { "a lone surrogate in an update's directory", "PUT", "/api/v1/download-clients/{client}", """{"name":"{name}-dc","kind":"q","host":"10.0.0.2","port":81,"directory":"/d{LONE}"}""", 400, "directory" },
        { "a string for an update's port", "PUT", "/api/v1/download-clients/{client}", """{"name":"{name}-dc","kind":"q","host":"10.0.0.2","port":"81"}""", 400, "port" },
        { "a huge number for an update's priority", "PUT", "/api/v1/download-clients/{client}", """{"name":"{name}-dc","kind":"q","host":"10.0.0.2","port":81,"priority":1e300}""", 400, "priority" },
        { "a negative port", "PUT", "/api/v1/download-clients/{client}", """{"name":"{name}-dc","kind":"q","host":"10.0.0.2","port":-1}""", 400, "port" },
        { "an update that is not JSON", "PUT", "/api/v1/download-clients/{client}", """{"name":"{name}-dc","kind":""", 400, null },
        { "a NUL in a relay message's type", "POST", "/api/v1/services/{service}/messages", """{"type":"torrent.add{NUL}","payload":{}}""", 400, "type" },
        { "a lone surrogate in a relay message's key", "POST", "/api/v1/services/{service}/messages", """{"type":"torrent.add","key":"{LONE}","payload":{}}""", 400, "key" },
        { "a NUL deep in a relay message's payload", "POST", "/api/v1/services/{service}/messages", """{"type":"torrent.add","payload":{"uri":"magnet:?xt=urn:btih:{NUL}","tags":[1,"{NUL}"]}}""", 400, "payload" },
        { "a lone surrogate in a relay message's payload", "POST", "/api/v1/services/{service}/messages", """{"type":"torrent.add","payload":["{LONE}"]}""", 400, "payload" },
        { "a NUL in a fail's reason", "POST", "/api/v1/services/{service}/messages/{mid}/fail", """{"epoch":1,"reason":"boom{NUL}"}""", 400, "reason" },
        { "a NUL in a complete's result", "POST", "/api/v1/services/{service}/messages/{mid}/complete", """{"epoch":1,"result":{"a":"{NUL}"}}""", 400, "result" },
        { "a NUL in the deliveries' wait", "GET", "/api/v1/services/{service}/deliveries?after=0&wait=1s%00", null, 400, "wait" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadInputIsAProblemNamingTheFieldAndChangesNothing(
        string why, string method, string path, string? body, int status, string? field)
    {
        var name = UniqueName("txt");
        var service = await RegisterAsync(graph.Registry, PollService(name), _ct);
        var client = await CreateManualClientAsync(graph.Registry, name, _ct);
        var message = await PostMessageAsync(graph.Registry, service, _ct);
        var before = await SnapshotAsync(name, service);

        string Fill(string text) => text
            .Replace("{name}", name, StringComparison.Ordinal).Replace("{service}", service, StringComparison.Ordinal)
            .Replace("{client}", client, StringComparison.Ordinal).Replace("{mid}", message, StringComparison.Ordinal)
            .Replace("{NUL}", Nul, StringComparison.Ordinal).Replace("{LONE}", Lone, StringComparison.Ordinal);

        using var request = new HttpRequestMessage(new HttpMethod(method), Fill(path));
        if (body is not null)
        {
            request.Content = new StringContent(Fill(body), Encoding.UTF8, "application/json");
        }

        using var response = await graph.Registry.SendAsync(request, _ct);
        await ProblemAssert.NamesFieldAsync(response, why, status, field, _ct);

        Assert.Equal(before, await SnapshotAsync(name, service));
    }

    [Theory]
    [InlineData("POST", "/api/v1/services/%00/leave")]
    [InlineData("DELETE", "/api/v1/services/{service}%00")]
    [InlineData("DELETE", "/api/v1/download-clients/{client}%00")]
    [InlineData("GET", "/api/v1/services/{service}/messages/{mid}%00")]
    public async Task ANulInThePathIsRefusedBeforeAnyRouteAndChangesNothing(string method, string path)
    {
        var name = UniqueName("txt");
        var service = await RegisterAsync(graph.Registry, PollService(name), _ct);
        var client = await CreateManualClientAsync(graph.Registry, name, _ct);
        var message = await PostMessageAsync(graph.Registry, service, _ct);
        var before = await SnapshotAsync(name, service);

        using var request = new HttpRequestMessage(new HttpMethod(method), path
            .Replace("{service}", service, StringComparison.Ordinal).Replace("{client}", client, StringComparison.Ordinal)
            .Replace("{mid}", message, StringComparison.Ordinal));
        using var response = await graph.Registry.SendAsync(request, _ct);

        // Kestrel itself refuses a NUL in the path, before routing: a 400 without a body.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await SnapshotAsync(name, service));
    }

    // What the test owns, as the API reads it back: its services and download clients (leases left out, as they move
    // with time) and its service's relay log.
    private async Task<string> SnapshotAsync(string name, string service)
    {
        var services = (await GetJsonAsync(graph.Registry, "/api/v1/services?include=credentials", _ct)).EnumerateArray()
            .Where(s => s.GetProperty("name").GetString()!.StartsWith(name, StringComparison.Ordinal))
            .Select(s => JsonNode.Parse(s.GetRawText())!.AsObject())
            .Select(s =>
            {
                s.Remove("last_seen");
                s.Remove("lease_expires_at");
                s.Remove("status");
                return s.ToJsonString();
            });
        var clients = (await GetJsonAsync(graph.Registry, "/api/v1/download-clients?include=credentials", _ct)).EnumerateArray()
            .Where(c => c.GetProperty("name").GetString()!.StartsWith(name, StringComparison.Ordinal))
            .Select(c =>
            {
                var entry = JsonNode.Parse(c.GetRawText())!.AsObject();
                entry.Remove("status");
                return entry.ToJsonString();
            });
        var log = await GetJsonAsync(graph.Registry, $"/api/v1/services/{service}/deliveries?after=0", _ct);
        return string.Join("\n", services.Order(StringComparer.Ordinal).Concat(clients.Order(StringComparer.Ordinal)).Append(log.GetRawText()));
    }
}
