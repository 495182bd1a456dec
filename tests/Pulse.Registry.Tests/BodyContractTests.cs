using System.Text;
using static Pulse.Registry.Tests.TestData;

namespace Pulse.Registry.Tests;

/// <summary>
/// The request-body contract of every registry route that takes a body, as a table: each body gets exactly this status
/// and exactly these error keys (the snake_case JSON field names). Recorded on the hand-written parser, kept when the
/// routes bind their bodies through typed parameters and the built-in validation.
/// </summary>
public sealed class BodyContractTests(GraphFixture graph)
{
    private const string Register = "/api/v1/services/register";
    private const string Clients = "/api/v1/download-clients";
    private const string Valid = "\"name\":\"{name}\",\"type\":\"media-manager\",\"api_url\":\"http://127.0.0.1:8383\"";
    private const string Manual = "\"name\":\"{name}-m\",\"kind\":\"q\",\"host\":\"10.0.0.1\",\"port\":80";

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    /// <summary>
    /// why, method, path, content type, body (null: none), status, error keys (comma-separated, sorted; empty: none).
    /// Placeholders: {name} the case's unique name, {service} its poll-mode download-client service, {client} its
    /// manual download client, {owned} the entry its service owns, {mid} a message id, {random} an unknown id.
    /// </summary>
    public static TheoryData<string, string, string, string, string?, int, string> Cases => new()
    {
        // Registration: the body as a whole.
        { "register: not JSON", "POST", Register, Json, "{not json", 400, "" },
        { "register: no body", "POST", Register, Json, "", 400, "" },
        { "register: JSON null", "POST", Register, Json, "null", 400, "" },
        { "register: an array", "POST", Register, Json, "[]", 400, "" },
        { "register: a string", "POST", Register, Json, "\"x\"", 400, "" },
        { "register: text/plain", "POST", Register, "text/plain", "{" + Valid + "}", 415, "" },
        { "register: an empty object", "POST", Register, Json, "{}", 400, "api_url,name,type" },
        { "register: empty strings and nulls are absent", "POST", Register, Json, """{"name":"","type":null,"api_url":""}""", 400, "api_url,name,type" },

        // Registration: one field at a time, type errors included.
        { "register: name is a number", "POST", Register, Json, """{"name":5,"type":"t","api_url":"http://x"}""", 400, "name" },
        { "register: type is an object", "POST", Register, Json, """{"name":"{name}","type":{},"api_url":"http://x"}""", 400, "type" },
        { "register: name is too long", "POST", Register, Json, "{\"name\":\"" + new string('n', 201) + "\",\"type\":\"t\",\"api_url\":\"http://x\"}", 400, "name" },
        { "register: type is too long", "POST", Register, Json, "{\"name\":\"{name}\",\"type\":\"" + new string('t', 51) + "\",\"api_url\":\"http://x\"}", 400, "type" },
        { "register: api_url is an object", "POST", Register, Json, """{"name":"{name}","type":"t","api_url":{}}""", 400, "api_url" },
        { "register: api_url is not a URL", "POST", Register, Json, """{"name":"{name}","type":"t","api_url":"not a url"}""", 400, "api_url" },
        { "register: api_url is ftp", "POST", Register, Json, """{"name":"{name}","type":"t","api_url":"ftp://127.0.0.1/"}""", 400, "api_url" },
        { "register: api_url is too long", "POST", Register, Json, "{\"name\":\"{name}\",\"type\":\"t\",\"api_url\":\"http://x/" + new string('p', 2048) + "\"}", 400, "api_url" },
        { "register: health_url is relative", "POST", Register, Json, With("\"health_url\":\"/health\""), 400, "health_url" },
        { "register: api_key is a number", "POST", Register, Json, With("\"api_key\":5"), 400, "api_key" },
        { "register: api_key is too long", "POST", Register, Json, With($"\"api_key\":\"{new string('k', 257)}\""), 400, "api_key" },
        { "register: version is too long", "POST", Register, Json, With($"\"version\":\"{new string('v', 65)}\""), 400, "version" },
        { "register: capabilities is a string", "POST", Register, Json, With("\"capabilities\":\"supports_torrent\""), 400, "capabilities" },
        { "register: capabilities hold a number", "POST", Register, Json, With("\"capabilities\":[1]"), 400, "capabilities" },
        { "register: capabilities hold an empty string", "POST", Register, Json, With("\"capabilities\":[\"a\",\"\"]"), 400, "capabilities" },
        { "register: capabilities hold a null", "POST", Register, Json, With("\"capabilities\":[null]"), 400, "capabilities" },
        { "register: a capability is too long", "POST", Register, Json, With($"\"capabilities\":[\"{new string('c', 101)}\"]"), 400, "capabilities" },
        { "register: too many capabilities", "POST", Register, Json, With("\"capabilities\":[" + string.Join(",", Enumerable.Range(0, 65).Select(i => $"\"c{i}\"")) + "]"), 400, "capabilities" },
        { "register: metadata is a number", "POST", Register, Json, With("\"metadata\":5"), 400, "metadata" },
        { "register: metadata is an array", "POST", Register, Json, With("\"metadata\":[]"), 400, "metadata" },
        { "register: metadata holds an array", "POST", Register, Json, With("\"metadata\":\"[1,2]\""), 400, "metadata" },
        { "register: metadata holds no JSON", "POST", Register, Json, With("\"metadata\":\"{nope\""), 400, "metadata" },
        { "register: metadata over 16 KiB", "POST", Register, Json, With("\"metadata\":\"{\\\"a\\\":\\\"" + new string('m', 17_000) + "\\\"}\""), 400, "metadata" },
        { "register: an unknown delivery_mode", "POST", Register, Json, With("\"delivery_mode\":\"carrier-pigeon\""), 400, "delivery_mode" },
        { "register: delivery_mode is a boolean", "POST", Register, Json, With("\"delivery_mode\":true"), 400, "delivery_mode" },
        { "register: id is not a UUID", "POST", Register, Json, With("\"id\":\"42\""), 400, "id" },
        { "register: id is a number", "POST", Register, Json, With("\"id\":42"), 400, "id" },
        { "register: a NUL in an unknown field", "POST", Register, Json, With("\"zzz\":\"a\\u0000\""), 400, "zzz" },
        { "register: a NUL in a property name", "POST", Register, Json, With("\"z\\u0000\":1"), 400, "" },
        { "register: a 2 MB body", "POST", Register, Json, With("\"padding\":\"" + new string('p', 2_000_000) + "\""), 413, "" },

        // Registration: several errors at once.
        { "register: every length error at once", "POST", Register, Json, "{\"name\":\"" + new string('n', 201) + "\",\"type\":\"t\",\"api_url\":\"ftp://x\",\"version\":\"" + new string('v', 65) + "\",\"id\":\"x\"}", 400, "api_url,id,name,version" },
        { "register: an unknown delivery_mode falls back to push", "POST", Register, Json, """{"name":"{name}","type":"t","delivery_mode":"carrier-pigeon"}""", 400, "api_url,delivery_mode" },

        // Registration: what the contract accepts (Beacon's Go SDK bodies among them).
        { "register: unknown fields are ignored", "POST", Register, Json, With("\"tags\":[1,{\"a\":null}],\"weight\":3.5"), 201, "" },
        { "register: metadata as a JSON-encoded string", "POST", Register, Json, With("\"metadata\":\"{\\\"content\\\":\\\"tv\\\"}\""), 201, "" },
        { "register: metadata as an object", "POST", Register, Json, With("\"metadata\":{\"content\":\"tv\"}"), 201, "" },
        { "register: empty optional fields are absent", "POST", Register, Json, With("\"health_url\":\"\",\"api_key\":\"\",\"version\":\"\",\"metadata\":\"\",\"delivery_mode\":\"\",\"id\":\"\",\"capabilities\":null"), 201, "" },
        { "register: poll mode needs no api_url", "POST", Register, Json, """{"name":"{name}","type":"t","delivery_mode":"poll","api_url":null}""", 201, "" },
        { "register: application/problem+json is JSON too", "POST", Register, "application/merged+json", "{" + Valid + "}", 201, "" },

        // A manual download client.
        { "create client: not JSON", "POST", Clients, Json, "{", 400, "" },
        { "create client: text/plain", "POST", Clients, "text/plain", "{" + Manual + "}", 415, "" },
        { "create client: an empty object", "POST", Clients, Json, "{}", 400, "host,kind,name,port" },
        { "create client: port is a string", "POST", Clients, Json, """{"name":"{name}-m","kind":"q","host":"10.0.0.1","port":"8080"}""", 400, "port" },
        { "create client: port is not a number", "POST", Clients, Json, """{"name":"{name}-m","kind":"q","host":"10.0.0.1","port":"abc"}""", 400, "port" },
        { "create client: port is a fraction", "POST", Clients, Json, """{"name":"{name}-m","kind":"q","host":"10.0.0.1","port":80.5}""", 400, "port" },
        { "create client: port is out of range", "POST", Clients, Json, """{"name":"{name}-m","kind":"q","host":"10.0.0.1","port":70000}""", 400, "port" },
        { "create client: port is huge", "POST", Clients, Json, """{"name":"{name}-m","kind":"q","host":"10.0.0.1","port":1e300}""", 400, "port" },
        { "create client: port is zero", "POST", Clients, Json, """{"name":"{name}-m","kind":"q","host":"10.0.0.1","port":0}""", 400, "port" },
        { "create client: enabled is a string", "POST", Clients, Json, "{" + Manual + ",\"enabled\":\"yes\"}", 400, "enabled" },
        { "create client: use_ssl is a number", "POST", Clients, Json, "{" + Manual + ",\"use_ssl\":1}", 400, "use_ssl" },
        { "create client: priority is out of range", "POST", Clients, Json, "{" + Manual + ",\"priority\":101}", 400, "priority" },
        { "create client: an unknown protocol", "POST", Clients, Json, "{" + Manual + ",\"protocol\":\"carrier\"}", 400, "protocol" },
        { "create client: host is not a host", "POST", Clients, Json, """{"name":"{name}-m","kind":"q","host":"not a host!","port":80}""", 400, "host" },
        { "create client: host is a lone right-to-left override", "POST", Clients, Json, """{"name":"{name}-m","kind":"q","host":"\u202e","port":80}""", 400, "host" },
        { "create client: settings holds no object", "POST", Clients, Json, "{" + Manual + ",\"settings\":\"nope\"}", 400, "settings" },
        { "create client: settings is a number", "POST", Clients, Json, "{" + Manual + ",\"settings\":5}", 400, "settings" },
        { "create client: directory is too long", "POST", Clients, Json, "{" + Manual + ",\"directory\":\"" + new string('d', 1025) + "\"}", 400, "directory" },
        { "create client: password is too long", "POST", Clients, Json, "{" + Manual + ",\"password\":\"" + new string('p', 257) + "\"}", 400, "password" },
        { "create client: several errors at once", "POST", Clients, Json, """{"kind":"","host":"not a host!","port":0,"priority":-1,"protocol":"x"}""", 400, "host,kind,name,port,priority,protocol" },
        { "create client: Beacon's body, settings as a string", "POST", Clients, Json, "{" + Manual + ",\"protocol\":\"torrent\",\"enabled\":true,\"priority\":1,\"use_ssl\":false,\"username\":\"u\",\"password\":\"p\",\"category\":\"tv\",\"directory\":\"/d\",\"settings\":\"{\\\"a\\\":1}\",\"extra\":[1]}", 201, "" },

        // Replacing a manual entry, and changing one a service owns.
        { "update client: not JSON", "PUT", Clients + "/{client}", Json, "{\"name\":", 400, "" },
        { "update client: an empty object", "PUT", Clients + "/{client}", Json, "{}", 400, "host,kind,name,port" },
        { "update client: port is a string", "PUT", Clients + "/{client}", Json, """{"name":"{name}-dc","kind":"q","host":"10.0.0.2","port":"81"}""", 400, "port" },
        { "update client: host is a lone right-to-left override", "PUT", Clients + "/{client}", Json, """{"name":"{name}-dc","kind":"q","host":"\u202e","port":81}""", 400, "host" },
        { "update client: a full entry", "PUT", Clients + "/{client}", Json, """{"name":"{name}-dc","kind":"q","host":"10.0.0.2","port":81,"settings":{"b":2}}""", 200, "" },
        { "update client: an unknown id with a bad body", "PUT", Clients + "/{random}", Json, """{"port":"abc"}""", 404, "" },
        { "update owned: priority is out of range", "PUT", Clients + "/{owned}", Json, """{"priority":500}""", 400, "priority" },
        { "update owned: enabled is a string", "PUT", Clients + "/{owned}", Json, """{"enabled":"no"}""", 400, "enabled" },
        { "update owned: category is too long", "PUT", Clients + "/{owned}", Json, "{\"category\":\"" + new string('c', 201) + "\"}", 400, "category" },
        { "update owned: the registry's fields are ignored", "PUT", Clients + "/{owned}", Json, """{"port":"abc","name":5,"priority":5}""", 200, "" },
        { "update owned: an empty object", "PUT", Clients + "/{owned}", Json, "{}", 200, "" },

        // Principals and their keys.
        { "put principal: not JSON", "PUT", "/api/v1/principals/{name}", Json, "{", 400, "" },
        { "put principal: an empty object", "PUT", "/api/v1/principals/{name}", Json, "{}", 400, "service_type" },
        { "put principal: service_type is a number", "PUT", "/api/v1/principals/{name}", Json, """{"service_type":5}""", 400, "service_type" },
        { "put principal: service_type is too long", "PUT", "/api/v1/principals/{name}", Json, "{\"service_type\":\"" + new string('t', 51) + "\"}", 400, "service_type" },
        { "put principal: consumer is a string", "PUT", "/api/v1/principals/{name}", Json, """{"service_type":"t","consumer":"yes"}""", 400, "consumer" },
        { "put principal: text/plain", "PUT", "/api/v1/principals/{name}", "text/plain", """{"service_type":"t"}""", 415, "" },
        { "add key: not JSON", "POST", "/api/v1/principals/{name}/keys", Json, "{", 400, "" },
        { "add key: key is a number", "POST", "/api/v1/principals/{name}/keys", Json, """{"key":5}""", 400, "key" },
        { "add key: key is too short", "POST", "/api/v1/principals/{name}/keys", Json, """{"key":"short"}""", 400, "key" },
        { "add key: key is too long", "POST", "/api/v1/principals/{name}/keys", Json, "{\"key\":\"" + new string('k', 513) + "\"}", 400, "key" },
        { "add key: no body for an unknown principal", "POST", "/api/v1/principals/{name}/keys", Json, null, 404, "" },
        { "add key: an empty object for an unknown principal", "POST", "/api/v1/principals/{name}/keys", Json, "{}", 404, "" },

        // The relay.
        { "message: not JSON", "POST", "/api/v1/services/{service}/messages", Json, "{", 400, "" },
        { "message: text/plain", "POST", "/api/v1/services/{service}/messages", "text/plain", """{"type":"t"}""", 415, "" },
        { "message: an empty object", "POST", "/api/v1/services/{service}/messages", Json, "{}", 400, "type" },
        { "message: type is a number", "POST", "/api/v1/services/{service}/messages", Json, """{"type":5}""", 400, "type" },
        { "message: type is too long", "POST", "/api/v1/services/{service}/messages", Json, "{\"type\":\"" + new string('t', 101) + "\"}", 400, "type" },
        { "message: key is too long", "POST", "/api/v1/services/{service}/messages", Json, "{\"type\":\"t\",\"key\":\"" + new string('k', 201) + "\"}", 400, "key" },
        { "message: type and key at once", "POST", "/api/v1/services/{service}/messages", Json, "{\"type\":\"\",\"key\":\"" + new string('k', 201) + "\"}", 400, "key,type" },
        { "message: an unknown service with a bad body", "POST", "/api/v1/services/not-an-id/messages", Json, "{}", 404, "" },
        { "message: a 2 MB body is fine here", "POST", "/api/v1/services/{service}/messages", Json, "{\"type\":\"t\",\"payload\":\"" + new string('p', 2_000_000) + "\"}", 202, "" },
        { "message: a 17 MB body", "POST", "/api/v1/services/{service}/messages", Json, "{\"type\":\"t\",\"payload\":\"" + new string('p', 17_000_000) + "\"}", 413, "" },
        { "claim heartbeat: no epoch", "POST", "/api/v1/services/{service}/messages/{mid}/heartbeat", Json, "{}", 400, "epoch" },
        { "claim heartbeat: epoch is a string", "POST", "/api/v1/services/{service}/messages/{mid}/heartbeat", Json, """{"epoch":"1"}""", 400, "epoch" },
        { "claim heartbeat: epoch is zero", "POST", "/api/v1/services/{service}/messages/{mid}/heartbeat", Json, """{"epoch":0}""", 400, "epoch" },
        { "claim heartbeat: not JSON", "POST", "/api/v1/services/{service}/messages/{mid}/heartbeat", Json, "[", 400, "" },
        { "complete: no epoch", "POST", "/api/v1/services/{service}/messages/{mid}/complete", Json, """{"result":{"a":1}}""", 400, "epoch" },
        { "complete: epoch is a fraction", "POST", "/api/v1/services/{service}/messages/{mid}/complete", Json, """{"epoch":1.5}""", 400, "epoch" },
        { "fail: no epoch", "POST", "/api/v1/services/{service}/messages/{mid}/fail", Json, """{"reason":"boom"}""", 400, "epoch" },
        { "fail: reason is too long", "POST", "/api/v1/services/{service}/messages/{mid}/fail", Json, "{\"epoch\":1,\"reason\":\"" + new string('r', 2001) + "\"}", 400, "reason" },
        { "fail: retry is a string", "POST", "/api/v1/services/{service}/messages/{mid}/fail", Json, """{"epoch":1,"retry":"yes"}""", 400, "retry" },
        { "fail: a stale epoch with a good body", "POST", "/api/v1/services/{service}/messages/{mid}/fail", Json, """{"epoch":7,"reason":"boom","retry":true}""", 409, "" },
    };

    private const string Json = "application/json";

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EveryBodyGetsItsStatusAndExactlyItsErrorKeys(
        string why, string method, string path, string contentType, string? body, int status, string keys)
    {
        var name = UniqueName("body");
        var service = await RegisterAsync(graph.Registry, PollService(name), _ct);
        var client = await CreateManualClientAsync(graph.Registry, name, _ct);
        var owned = await OwnedEntryAsync(service);
        var message = await PostMessageAsync(graph.Registry, service, _ct);

        string Fill(string text) => text
            .Replace("{name}", name, StringComparison.Ordinal).Replace("{service}", service, StringComparison.Ordinal)
            .Replace("{client}", client, StringComparison.Ordinal).Replace("{owned}", owned, StringComparison.Ordinal)
            .Replace("{mid}", message, StringComparison.Ordinal)
            .Replace("{random}", Guid.NewGuid().ToString(), StringComparison.Ordinal);

        // Expect: 100-continue lets the registry refuse an oversize body before the client sends it, as a real client would.
        using var request = new HttpRequestMessage(new HttpMethod(method), Fill(path)) { Headers = { ExpectContinue = true } };
        if (body is not null)
        {
            request.Content = new StringContent(Fill(body), Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        using var response = await graph.Registry.SendAsync(request, _ct);
        await ProblemAssert.HasErrorKeysAsync(response, why, status, keys, _ct);
    }

    private static string With(string extra) => "{" + Valid + "," + extra + "}";

    private async Task<string> OwnedEntryAsync(string service)
    {
        var all = await GetJsonAsync(graph.Registry, Clients, _ct);
        return all.EnumerateArray().Single(e => e.GetProperty("service_id").GetString() == service).GetProperty("id").GetString()!;
    }
}
