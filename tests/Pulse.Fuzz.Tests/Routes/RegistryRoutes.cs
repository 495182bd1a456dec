using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pulse.Fuzz.Tests.Harness;
using static Pulse.Fuzz.Tests.Json.FuzzJson;

namespace Pulse.Fuzz.Tests.Routes;

/// <summary>
/// The registry's routes: valid seeds (its OpenAPI document describes the register and download-client bodies, and
/// nothing of the relay's, which it reads by hand), the entities their paths name, and how to read back what they store.
/// </summary>
internal sealed class RegistryRoutes(HttpClient registry)
{
    /// <summary>Fields that move by themselves: leases, liveness, a claim's lease running out.</summary>
    public static readonly IReadOnlySet<string> Volatile = new HashSet<string>(StringComparer.Ordinal)
    {
        "last_seen", "lease_expires_at", "status", "updated_at", "attempts", "heartbeat_interval_seconds",
    };

    private readonly List<string> _downloaders = [];
    private int _next;

    /// <summary>The poll-mode service the relay routes deliver to (created by <see cref="StartAsync"/>).</summary>
    public string PollServiceId { get; private set; } = "";

    public async Task StartAsync(CancellationToken ct) =>
        PollServiceId = await RegisterAsync(Register(poll: true), ct);

    public IReadOnlyDictionary<string, RouteSpec> Specs() => new[]
    {
        new RouteSpec
        {
            Key = "POST /api/v1/services/register",
            Body = _ => Register(poll: false),
            ReadBack = (call, ct) => StoredAs.Id(call.Response) is { } id
                ? StoredAs.ReadBackAsync(registry, $"/api/v1/services/{id}?include=credentials", call.Sent, ct)
                : Task.FromResult<string?>("no id in the answer"),
        },
        ServiceRoute("PUT /api/v1/services/{id}/heartbeat"),
        ServiceRoute("POST /api/v1/services/{id}/leave"),
        ServiceRoute("GET /api/v1/services/{id}"),
        new RouteSpec
        {
            Key = "DELETE /api/v1/services/{id}",
            FreshIds = true,
            Ids = async ct => new RouteIds { ["id"] = await RegisterAsync(Register(poll: false), ct) },
            EntityPath = ids => $"/api/v1/services/{ids["id"]}",
            ReadBack = (call, ct) => GoneAsync($"/api/v1/services/{call.Ids["id"]}", ct),
        },
        new RouteSpec
        {
            Key = "POST /api/v1/download-clients",
            Body = _ => DownloadClient(),
            ReadBack = (call, ct) => StoredAs.Id(call.Response) is { } id
                ? StoredAs.ReadBackAsync(registry, $"/api/v1/download-clients/{id}?include=credentials", call.Sent, ct)
                : Task.FromResult<string?>("no id in the answer"),
        },
        DownloadClientRoute("GET /api/v1/download-clients/{id}", body: false),
        DownloadClientRoute("PUT /api/v1/download-clients/{id}", body: true),
        new RouteSpec
        {
            Key = "PUT /api/v1/download-clients/{id} (owned by a service)",
            Ids = async ct => new RouteIds { ["id"] = await OwnedDownloadClientAsync(ct) },
            Body = _ => Obj(("enabled", Bool(false)), ("priority", Num(100)), ("category", Str("fuzz")), ("directory", Str("/downloads/fuzz"))),
            EntityPath = ids => $"/api/v1/download-clients/{ids["id"]}?include=credentials",
            ReadBack = (call, ct) => StoredAs.ReadBackAsync(registry, $"/api/v1/download-clients/{call.Ids["id"]}?include=credentials",
                StoredAs.Only(call.Sent, "enabled", "priority", "category", "directory"), ct),
        },
        new RouteSpec
        {
            Key = "DELETE /api/v1/download-clients/{id}",
            FreshIds = true,
            Ids = async ct => new RouteIds { ["id"] = await CreateDownloadClientAsync(ct) },
            EntityPath = ids => $"/api/v1/download-clients/{ids["id"]}",
            ReadBack = (call, ct) => GoneAsync($"/api/v1/download-clients/{call.Ids["id"]}", ct),
        },
        new RouteSpec
        {
            Key = "POST /api/v1/services/{id}/messages",
            Ids = _ => Task.FromResult(new RouteIds { ["id"] = PollServiceId }),
            Body = _ => Message(),
            ReadBack = (call, ct) => StoredAs.Id(call.Response, "message_id") is { } mid
                ? StoredAs.ReadBackAsync(registry, $"/api/v1/services/{PollServiceId}/messages/{mid}", call.Sent, ct)
                : Task.FromResult<string?>("no message_id in the answer"),
        },
        new RouteSpec
        {
            Key = "GET /api/v1/services/{id}/messages/{mid}",
            Ids = async ct => new RouteIds { ["id"] = PollServiceId, ["mid"] = await PostMessageAsync(ct) },
        },
        new RouteSpec
        {
            Key = "POST /api/v1/services/{id}/messages/{mid}/claim",
            FreshIds = true,
            Ids = async ct => new RouteIds { ["id"] = PollServiceId, ["mid"] = await PostMessageAsync(ct) },
            EntityPath = MessagePath,
        },
        ClaimedRoute("heartbeat", ids => Obj(("epoch", Raw(ids["epoch"]))), readBack: false),
        ClaimedRoute("complete", ids => Obj(("epoch", Raw(ids["epoch"])), ("result", Str("done"))), readBack: true),
        ClaimedRoute("fail", ids => Obj(("epoch", Raw(ids["epoch"])), ("reason", Str("broken")), ("retry", Bool(false))), readBack: true),
        new RouteSpec
        {
            Key = "GET /api/v1/services/{id}/deliveries",
            Ids = _ => Task.FromResult(new RouteIds { ["id"] = PollServiceId }),
        },
        new RouteSpec
        {
            Key = "GET /api/v1/principals/{name}",
            Ids = async ct => new RouteIds { ["name"] = await PutPrincipalAsync(ct) },
        },
        new RouteSpec
        {
            Key = "PUT /api/v1/principals/{name}",
            FreshIds = true,
            Ids = _ => Task.FromResult(new RouteIds { ["name"] = $"fuzz-principal-{Interlocked.Increment(ref _next)}" }),
            Body = _ => Principal(),
            EntityPath = PrincipalPath,
            // Read back under the name the answer gives: a path mutation creates a principal of another name.
            ReadBack = (call, ct) => StoredAs.Id(call.Response, "name") is { } name
                ? StoredAs.ReadBackAsync(registry, PrincipalPath(new RouteIds { ["name"] = name }), call.Sent, ct)
                : Task.FromResult<string?>("no name in the answer"),
        },
        new RouteSpec
        {
            Key = "POST /api/v1/principals/{name}/keys",
            FreshIds = true,
            Ids = async ct => new RouteIds { ["name"] = await PutPrincipalAsync(ct) },
            Body = _ => Obj(("key", Str($"fuzz-key-{Guid.NewGuid():N}"))),
            EntityPath = PrincipalPath,
        },
        new RouteSpec
        {
            Key = "DELETE /api/v1/principals/{name}/keys/{id}",
            FreshIds = true,
            Ids = async ct =>
            {
                var name = await PutPrincipalAsync(ct);
                return new RouteIds { ["name"] = name, ["id"] = await CreateAsync($"/api/v1/principals/{name}/keys", Obj(), "id", ct) };
            },
            EntityPath = PrincipalPath,
            ReadBack = (call, ct) => RetiredAsync(call.Ids, ct),
        },
    }.ToDictionary(spec => spec.Key, StringComparer.Ordinal);

    /// <summary>Removes what the run created, so the consumers' sync stops carrying the fuzz's download clients.</summary>
    public async Task CleanUpAsync(CancellationToken ct)
    {
        foreach (var service in _downloaders)
        {
            using var _ = await registry.DeleteAsync($"/api/v1/services/{service}", ct);
        }

        foreach (var entry in await registry.GetFromJsonAsync<JsonElement[]>("/api/v1/download-clients", ct) ?? [])
        {
            if (entry.GetProperty("service_id").ValueKind == JsonValueKind.Null)
            {
                using var _ = await registry.DeleteAsync($"/api/v1/download-clients/{entry.GetProperty("id").GetString()}", ct);
            }
        }
    }

    private RouteSpec ServiceRoute(string key) => new()
    {
        Key = key,
        Ids = async ct => new RouteIds { ["id"] = await RegisterAsync(Register(poll: false), ct) },
        EntityPath = ids => $"/api/v1/services/{ids["id"]}",
    };

    private RouteSpec DownloadClientRoute(string key, bool body) => new()
    {
        Key = key,
        Ids = async ct => new RouteIds { ["id"] = await CreateDownloadClientAsync(ct) },
        Body = body ? _ => DownloadClient() : null,
        EntityPath = ids => $"/api/v1/download-clients/{ids["id"]}?include=credentials",
        ReadBack = body ? (call, ct) => StoredAs.ReadBackAsync(registry, $"/api/v1/download-clients/{call.Ids["id"]}?include=credentials", call.Sent, ct) : null,
    };

    // heartbeat, complete and fail act on a live claim: each case claims a message of its own.
    private RouteSpec ClaimedRoute(string action, Func<RouteIds, Pulse.Fuzz.Tests.Json.JObj> body, bool readBack) => new()
    {
        Key = $"POST /api/v1/services/{{id}}/messages/{{mid}}/{action}",
        FreshIds = true,
        Ids = async ct =>
        {
            var mid = await PostMessageAsync(ct);
            using var claim = await registry.PostAsync($"/api/v1/services/{PollServiceId}/messages/{mid}/claim", null, ct);
            claim.EnsureSuccessStatusCode();
            var epoch = (await claim.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("epoch").GetInt64();
            return new RouteIds { ["id"] = PollServiceId, ["mid"] = mid, ["epoch"] = epoch.ToString(CultureInfo.InvariantCulture) };
        },
        Body = body,
        EntityPath = MessagePath,
        ReadBack = readBack ? (call, ct) => StoredAs.ReadBackAsync(registry, MessagePath(call.Ids), call.Sent, ct, "epoch") : null,
    };

    // A service of type download-client owns its entry: a PUT may change only the fields the user sets.
    private async Task<string> OwnedDownloadClientAsync(CancellationToken ct)
    {
        var n = Interlocked.Increment(ref _next);
        var service = await RegisterAsync(Obj(
            ("name", Str($"fuzz-downloader-{n}")), ("type", Str("download-client")), ("api_url", Str("http://127.0.0.1:9/")),
            ("api_key", Str($"fuzz-key-{n}"))), ct);
        _downloaders.Add(service);
        var entries = await registry.GetFromJsonAsync<JsonElement[]>("/api/v1/download-clients", ct) ?? [];
        return entries.Single(e => e.GetProperty("service_id").GetString() == service).GetProperty("id").GetString()!;
    }

    private static string PrincipalPath(RouteIds ids) => $"/api/v1/principals/{Uri.EscapeDataString(ids["name"])}";

    private static Pulse.Fuzz.Tests.Json.JObj Principal() => Obj(("service_type", Str("fuzz")), ("consumer", Bool(false)));

    // A principal of its own for each case that adds or retires a key (a principal holds two active keys at most).
    private async Task<string> PutPrincipalAsync(CancellationToken ct)
    {
        var name = $"fuzz-principal-{Interlocked.Increment(ref _next)}";
        using var content = new ByteArrayContent(Principal().ToUtf8()) { Headers = { ContentType = StoredAs.Json } };
        using var response = await registry.PutAsync($"/api/v1/principals/{name}", content, ct);
        Assert.True(response.IsSuccessStatusCode, $"Setting up the fuzz: PUT a principal answered {(int)response.StatusCode}");
        return name;
    }

    private async Task<string?> RetiredAsync(RouteIds ids, CancellationToken ct)
    {
        var principal = await registry.GetFromJsonAsync<JsonElement>(PrincipalPath(ids), ct);
        var key = principal.GetProperty("keys").EnumerateArray().SingleOrDefault(k => k.GetProperty("id").GetString() == ids["id"]);
        return key.ValueKind == JsonValueKind.Object && key.GetProperty("retired_at").ValueKind == JsonValueKind.String
            ? null
            : $"key {ids["id"]} is not retired after the delete";
    }

    private static string MessagePath(RouteIds ids) => $"/api/v1/services/{ids["id"]}/messages/{ids["mid"]}";

    private Pulse.Fuzz.Tests.Json.JObj Register(bool poll)
    {
        var n = Interlocked.Increment(ref _next);
        return poll
            ? Obj(("name", Str($"fuzz-poll-{n}")), ("type", Str("fuzz-poll")), ("delivery_mode", Str("poll")))
            : Obj(
                ("name", Str($"fuzz-service-{n}")),
                ("type", Str("fuzz")),
                ("api_url", Str("http://127.0.0.1:9/")),
                ("health_url", Str("http://127.0.0.1:9/health")),
                ("api_key", Str($"fuzz-key-{n}")),
                ("version", Str("1.0.0")),
                ("capabilities", Arr(Str("supports_fuzz"), Str("content:fuzz"))),
                ("metadata", Str("{\"k\":\"v\"}")),
                ("delivery_mode", Str("push")));
    }

    // Disabled and last in priority: a consumer that syncs it never sends a grab its way.
    private Pulse.Fuzz.Tests.Json.JObj DownloadClient()
    {
        var n = Interlocked.Increment(ref _next);
        return Obj(
            ("name", Str($"fuzz-client-{n}")),
            ("kind", Str("fuzz")),
            ("protocol", Str("torrent")),
            ("enabled", Bool(false)),
            ("priority", Num(100)),
            ("host", Str("127.0.0.1")),
            ("port", Num(9)),
            ("use_ssl", Bool(false)),
            ("username", Str("user")),
            ("password", Str("secret")),
            ("category", Str("fuzz")),
            ("directory", Str("/downloads/fuzz")),
            ("settings", Str("{\"a\":1}")));
    }

    private Pulse.Fuzz.Tests.Json.JObj Message()
    {
        var n = Interlocked.Increment(ref _next);
        return Obj(("type", Str("fuzz.test")), ("key", Str($"fuzz-message-{n}")), ("payload", Obj(("n", Num(n)))));
    }

    private async Task<string> RegisterAsync(Pulse.Fuzz.Tests.Json.JObj body, CancellationToken ct) =>
        await CreateAsync("/api/v1/services/register", body, "id", ct);

    private async Task<string> CreateDownloadClientAsync(CancellationToken ct) =>
        await CreateAsync("/api/v1/download-clients", DownloadClient(), "id", ct);

    private async Task<string> PostMessageAsync(CancellationToken ct) =>
        await CreateAsync($"/api/v1/services/{PollServiceId}/messages", Message(), "message_id", ct);

    private async Task<string> CreateAsync(string path, Pulse.Fuzz.Tests.Json.JObj body, string idField, CancellationToken ct)
    {
        using var content = new ByteArrayContent(body.ToUtf8()) { Headers = { ContentType = StoredAs.Json } };
        using var response = await registry.PostAsync(path, content, ct);
        var answer = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, $"Setting up the fuzz: POST {path} answered {(int)response.StatusCode} {answer}");
        return JsonDocument.Parse(answer).RootElement.GetProperty(idField).GetString()!;
    }

    private async Task<string?> GoneAsync(string path, CancellationToken ct)
    {
        using var response = await registry.GetAsync(path, ct);
        return response.StatusCode == HttpStatusCode.NotFound ? null : $"GET {path} after the delete: {(int)response.StatusCode}";
    }
}
