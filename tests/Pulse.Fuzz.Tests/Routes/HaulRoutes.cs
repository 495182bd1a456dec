using System.Globalization;
using System.Text.Json;
using Pulse.Fuzz.Tests.Harness;
using Pulse.Fuzz.Tests.Json;
using static Pulse.Fuzz.Tests.Json.FuzzJson;

namespace Pulse.Fuzz.Tests.Routes;

/// <summary>Haul's routes: a fresh magnet per add (Haul is idempotent by info hash), and torrents for the routes that name one.</summary>
internal sealed class HaulRoutes(HttpClient haul)
{
    /// <summary>The simulated transfer moves these by itself.</summary>
    public static readonly IReadOnlySet<string> Volatile = new HashSet<string>(StringComparer.Ordinal)
    {
        "status", "downloaded", "progress", "download_rate", "eta", "completed_at", "size",
    };

    private int _next;

    public IReadOnlyDictionary<string, RouteSpec> Specs() => new[]
    {
        new RouteSpec
        {
            Key = "POST /api/v1/torrents",
            Body = _ => Torrent(),
            ReadBack = (call, ct) => StoredAs.Id(call.Response, "info_hash") is { } hash
                ? StoredAs.ReadBackAsync(haul, $"/api/v1/torrents/{hash}", call.Sent, ct, "uri")
                : Task.FromResult<string?>("no info_hash in the answer"),
        },
        new RouteSpec
        {
            Key = "GET /api/v1/torrents/by-idempotency-key/{key}",
            Ids = async ct =>
            {
                var key = $"fuzz-key-{FuzzSeed.Value}-{Interlocked.Increment(ref _next)}";
                await AddAsync(ct, key);
                return new RouteIds { ["key"] = key };
            },
        },
        TorrentRoute("GET /api/v1/torrents/{hash}"),
        TorrentRoute("POST /api/v1/torrents/{hash}/pause"),
        TorrentRoute("POST /api/v1/torrents/{hash}/resume"),
        new RouteSpec
        {
            Key = "DELETE /api/v1/torrents/{hash}",
            FreshIds = true,
            Ids = async ct => new RouteIds { ["hash"] = await AddAsync(ct) },
            EntityPath = ids => $"/api/v1/torrents/{ids["hash"]}",
            ReadBack = (call, ct) => StoredAs.GoneAsync(haul, $"/api/v1/torrents/{call.Ids["hash"]}", ct),
        },
    }.ToDictionary(spec => spec.Key, StringComparer.Ordinal);

    /// <summary>A magnet link for a torrent no case has used: 40 hex characters from a counter and the seed.</summary>
    public static string NewInfoHash(char space, int n) =>
        (space + FuzzSeed.Value.ToString("x8", CultureInfo.InvariantCulture) + n.ToString("x8", CultureInfo.InvariantCulture)).PadLeft(40, 'f');

    private RouteSpec TorrentRoute(string key) => new()
    {
        Key = key,
        Ids = async ct => new RouteIds { ["hash"] = await AddAsync(ct) },
        EntityPath = ids => $"/api/v1/torrents/{ids["hash"]}",
    };

    private JObj Torrent()
    {
        var n = Interlocked.Increment(ref _next);
        return Obj(
            ("uri", Str($"magnet:?xt=urn:btih:{NewInfoHash('a', n)}&dn=fuzz-{n}")),
            ("category", Str("fuzz")),
            ("save_path", Str("/downloads/fuzz")),
            ("tags", Arr(Str("fuzz"), Str("seed"))),
            ("paused", Bool(false)),
            ("metadata", Obj(("source", Str("fuzz")))));
    }

    private async Task<string> AddAsync(CancellationToken ct, string? idempotencyKey = null)
    {
        using var content = new ByteArrayContent(Torrent().ToUtf8()) { Headers = { ContentType = StoredAs.Json } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/torrents") { Content = content };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await haul.SendAsync(request, ct);
        var answer = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, $"Setting up the fuzz: adding a torrent answered {(int)response.StatusCode} {answer}");
        return JsonDocument.Parse(answer).RootElement.GetProperty("info_hash").GetString()!;
    }
}
