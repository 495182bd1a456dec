using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pulse.Fuzz.Tests.Harness;
using Pulse.Fuzz.Tests.Json;
using static Pulse.Fuzz.Tests.Json.FuzzJson;

namespace Pulse.Fuzz.Tests.Routes;

/// <summary>
/// A consumer's JSON routes (pilot and prism run the same code, each with its own database): manual download clients
/// that are disabled and last in priority, so no grab goes their way, and grabs of fresh magnets that go to Haul.
/// </summary>
internal sealed class PilotRoutes(HttpClient api, char hashSpace)
{
    /// <summary>Fields the consumer changes by itself: a client's status, a grab's progress through its states.</summary>
    public static readonly IReadOnlySet<string> Volatile = new HashSet<string>(StringComparer.Ordinal)
    {
        "status", "updated_at", "info_hash", "reason", "message_id", "download_client",
    };

    private (string Id, string? Category, int Priority, bool Enabled)? _haul;
    private int _next;

    /// <summary>What a rejected request must leave alone: the manual download clients and the grabs.</summary>
    public static IReadOnlyList<ListProbe.Source> State =>
    [
        new("/api/v1/download-clients?include=credentials", Volatile, client => client["source"]?.GetValue<string>() == "manual"),
        new("/api/v1/grabs?limit=1000", Volatile),
    ];

    public IReadOnlyDictionary<string, RouteSpec> Specs() => new[]
    {
        new RouteSpec
        {
            Key = "POST /api/v1/download-clients",
            Body = _ => DownloadClient(),
            ReadBack = (call, ct) => StoredAs.Id(call.Response) is { } id
                ? StoredAs.ReadBackAsync(api, $"/api/v1/download-clients/{id}?include=credentials", call.Sent, ct)
                : Task.FromResult<string?>("no id in the answer"),
        },
        new RouteSpec
        {
            Key = "GET /api/v1/download-clients/{id}",
            Ids = async ct => new RouteIds { ["id"] = await AddDownloadClientAsync(ct) },
        },
        new RouteSpec
        {
            Key = "PUT /api/v1/download-clients/{id}",
            Ids = async ct => new RouteIds { ["id"] = await AddDownloadClientAsync(ct) },
            Body = _ => DownloadClient(),
            EntityPath = ids => $"/api/v1/download-clients/{ids["id"]}?include=credentials",
            ReadBack = (call, ct) => StoredAs.ReadBackAsync(api, $"/api/v1/download-clients/{call.Ids["id"]}?include=credentials", call.Sent, ct),
        },
        new RouteSpec
        {
            // Only the fields the user owns change on an entry synced from Pulse; Haul stays enabled (no case sends false).
            Key = "PUT /api/v1/download-clients/{id} (synced from Pulse)",
            Ids = async ct => new RouteIds { ["id"] = await SyncedHaulAsync(ct) },
            Body = _ => Obj(("category", Str("fuzz")), ("priority", Num(1)), ("enabled", Bool(true))),
            EntityPath = ids => $"/api/v1/download-clients/{ids["id"]}?include=credentials",
            ReadBack = (call, ct) => StoredAs.ReadBackAsync(api, $"/api/v1/download-clients/{call.Ids["id"]}?include=credentials",
                StoredAs.Only(call.Sent, "category", "priority", "enabled"), ct),
        },
        new RouteSpec
        {
            Key = "DELETE /api/v1/download-clients/{id}",
            FreshIds = true,
            Ids = async ct => new RouteIds { ["id"] = await AddDownloadClientAsync(ct) },
            EntityPath = ids => $"/api/v1/download-clients/{ids["id"]}",
            ReadBack = (call, ct) => StoredAs.GoneAsync(api, $"/api/v1/download-clients/{call.Ids["id"]}", ct),
        },
        new RouteSpec
        {
            Key = "POST /api/v1/grabs",
            Body = _ => Grab(),
            // The contract's answer when Haul refuses the grab: 502 naming the client, the grab stored as failed.
            DocumentedServerErrors = new HashSet<int> { (int)HttpStatusCode.BadGateway },
            ReadBack = (call, ct) => StoredAs.Id(call.Response) is { } id
                ? GrabReadsBackAsync(api, id, call.Sent, ct)
                : Task.FromResult<string?>("no id in the answer"),
        },
        new RouteSpec
        {
            Key = "GET /api/v1/grabs/{id}",
            Ids = async ct => new RouteIds { ["id"] = await AddGrabAsync(ct) },
        },
    }.ToDictionary(spec => spec.Key, StringComparer.Ordinal);

    /// <summary>A grab of a magnet no case has used yet.</summary>
    public JObj Grab()
    {
        var n = Interlocked.Increment(ref _next);
        return Obj(
            ("title", Str($"Fuzz grab {n}")),
            ("uri", Str($"magnet:?xt=urn:btih:{HaulRoutes.NewInfoHash(hashSpace, n)}&dn=fuzz-{n}")),
            ("category", Str("fuzz")));
    }

    /// <summary>Removes the manual clients the run added, and gives the synced Haul entry back its local fields.</summary>
    public async Task CleanUpAsync(CancellationToken ct)
    {
        if (_haul is { } haul)
        {
            using var restore = await api.PutAsJsonAsync($"/api/v1/download-clients/{haul.Id}",
                new { category = haul.Category, priority = haul.Priority, enabled = haul.Enabled }, ct);
        }

        foreach (var client in await api.GetFromJsonAsync<JsonElement[]>("/api/v1/download-clients", ct) ?? [])
        {
            if (client.GetProperty("source").GetString() == "manual")
            {
                using var _ = await api.DeleteAsync($"/api/v1/download-clients/{client.GetProperty("id").GetString()}", ct);
            }
        }
    }

    public static async Task<string?> GrabReadsBackAsync(HttpClient api, string id, JObj? sent, CancellationToken ct)
    {
        var grabs = await api.GetFromJsonAsync<JsonElement>("/api/v1/grabs?limit=1000", ct);
        var grab = grabs.EnumerateArray().FirstOrDefault(g => g.GetProperty("id").GetString() == id);
        return grab.ValueKind == JsonValueKind.Undefined ? $"grab {id} is not in the list" : StoredAs.Differences(sent, grab);
    }

    private async Task<string> SyncedHaulAsync(CancellationToken ct)
    {
        var haul = (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/download-clients", ct) ?? [])
            .Single(c => c.GetProperty("source").GetString() == "pulse" && c.GetProperty("name").GetString() == "haul");
        var category = haul.GetProperty("category");
        _haul = (haul.GetProperty("id").GetString()!, category.ValueKind == JsonValueKind.String ? category.GetString() : null,
            haul.GetProperty("priority").GetInt32(), haul.GetProperty("enabled").GetBoolean());
        return _haul.Value.Id;
    }

    // Disabled and last in priority: a grab never goes its way.
    private JObj DownloadClient()
    {
        var n = Interlocked.Increment(ref _next);
        return Obj(
            ("name", Str($"fuzz-client-{n}")),
            ("implementation", Str("haul")),
            ("protocol", Str("torrent")),
            ("url", Str("http://127.0.0.1:9")),
            ("api_key", Str($"fuzz-key-{n}")),
            ("category", Str("fuzz")),
            ("priority", Num(50)),
            ("enabled", Bool(false)));
    }

    private async Task<string> AddGrabAsync(CancellationToken ct)
    {
        using var content = new ByteArrayContent(Grab().ToUtf8()) { Headers = { ContentType = StoredAs.Json } };
        using var response = await api.PostAsync("/api/v1/grabs", content, ct);
        var answer = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, $"Setting up the fuzz: a grab answered {(int)response.StatusCode} {answer}");
        return JsonNode.Parse(answer)!["id"]!.GetValue<string>();
    }

    private async Task<string> AddDownloadClientAsync(CancellationToken ct)
    {
        using var content = new ByteArrayContent(DownloadClient().ToUtf8()) { Headers = { ContentType = StoredAs.Json } };
        using var response = await api.PostAsync("/api/v1/download-clients", content, ct);
        var answer = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, $"Setting up the fuzz: adding a download client answered {(int)response.StatusCode} {answer}");
        return JsonNode.Parse(answer)!["id"]!.GetValue<string>();
    }
}
