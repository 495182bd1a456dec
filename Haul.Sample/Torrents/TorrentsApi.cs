using Haul.Sample.Torrents.Sources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Haul.Sample.Torrents;

/// <summary>
/// The torrent API: add by magnet, http(s) or data uri (idempotent by info hash, and by the caller's idempotency key),
/// look an add up by that key, list, pause, resume, delete.
/// </summary>
internal static class TorrentsApi
{
    private const string Path = "/api/v1/torrents";

    /// <summary>Whether a request adds a torrent (which may fetch a .torrent for up to <c>Haul:FetchTimeout</c>).</summary>
    public static bool IsAdd(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Value?.TrimEnd('/') == Path;

    public static RouteGroupBuilder MapTorrentsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Path).WithTags("Torrents");

        group.MapPost("/", AddTorrent).WithName("AddTorrent")
            .WithSummary("Adds a torrent from a magnet link, an http(s) .torrent url or a data: uri; the same torrent twice is one torrent. "
                + "An Idempotency-Key header is stored with the torrent: the same key again answers the same torrent.")
            .ProducesValidationProblem();
        group.MapGet("/by-idempotency-key/{key}", GetTorrentByIdempotencyKey).WithName("GetTorrentByIdempotencyKey")
            .WithSummary("Gets the torrent added under an Idempotency-Key, or 404 if no add under that key took place.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", ListTorrents).WithName("ListTorrents").WithSummary("Lists the torrents, newest first.");
        group.MapGet("/{hash}", GetTorrent).WithName("GetTorrent").WithSummary("Gets one torrent by its info hash.");
        group.MapDelete("/{hash}", DeleteTorrent).WithName("DeleteTorrent").WithSummary("Removes a torrent.");
        group.MapPost("/{hash}/pause", PauseTorrent).WithName("PauseTorrent").WithSummary("Pauses a torrent's transfer.");
        group.MapPost("/{hash}/resume", ResumeTorrent).WithName("ResumeTorrent").WithSummary("Resumes a torrent's transfer.");
        return group;
    }

    internal static async Task<Results<Ok<TorrentDto>, ValidationProblem, ProblemHttpResult>> AddTorrent(
        AddTorrentRequest request, [FromHeader(Name = IdempotencyKey.HeaderName)] string? idempotencyKey, TorrentAdder adder,
        CancellationToken cancellationToken)
    {
        if (idempotencyKey is not null && IdempotencyKey.Validate(idempotencyKey) is { } badKey)
        {
            return IdempotencyKeyError(badKey);
        }

        var outcome = await adder.AddAsync(request, idempotencyKey, cancellationToken);
        if (outcome.InvalidInput is { } invalid)
        {
            return UriError(invalid);
        }

        if (outcome.Unresolvable is { } unresolvable)
        {
            return TypedResults.Problem(title: "The torrent cannot be resolved.", detail: unresolvable,
                statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        return TypedResults.Ok(outcome.Torrent!);
    }

    internal static async Task<Ok<List<TorrentDto>>> ListTorrents(
        TorrentStore store, TimeProvider time, IOptions<HaulOptions> options, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var torrents = await store.ListAsync(cancellationToken);
        return TypedResults.Ok(torrents.ConvertAll(t => t.ToDto(now, options.Value.TransferRate)));
    }

    internal static async Task<Results<Ok<TorrentDto>, NotFound>> GetTorrent(
        string hash, TorrentStore store, TimeProvider time, IOptions<HaulOptions> options, CancellationToken cancellationToken) =>
        await store.GetAsync(Normalize(hash), cancellationToken) is { } torrent
            ? TypedResults.Ok(torrent.ToDto(time.GetUtcNow(), options.Value.TransferRate))
            : TypedResults.NotFound();

    internal static async Task<Results<Ok<TorrentDto>, ProblemHttpResult, ValidationProblem>> GetTorrentByIdempotencyKey(
        string key, TorrentStore store, TimeProvider time, IOptions<HaulOptions> options, CancellationToken cancellationToken)
    {
        if (IdempotencyKey.Validate(key) is { } badKey)
        {
            return IdempotencyKeyError(badKey);
        }

        return await store.GetByIdempotencyKeyAsync(key, cancellationToken) is { } torrent
            ? TypedResults.Ok(torrent.ToDto(time.GetUtcNow(), options.Value.TransferRate))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No torrent was added under this idempotency key.");
    }

    internal static async Task<Results<NoContent, NotFound>> DeleteTorrent(
        string hash, TorrentStore store, CancellationToken cancellationToken) =>
        await store.DeleteAsync(Normalize(hash), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    internal static Task<Results<Ok<TorrentDto>, NotFound>> PauseTorrent(
        string hash, TorrentStore store, TimeProvider time, IOptions<HaulOptions> options, CancellationToken cancellationToken) =>
        SetRunning(hash, running: false, store, time, options, cancellationToken);

    internal static Task<Results<Ok<TorrentDto>, NotFound>> ResumeTorrent(
        string hash, TorrentStore store, TimeProvider time, IOptions<HaulOptions> options, CancellationToken cancellationToken) =>
        SetRunning(hash, running: true, store, time, options, cancellationToken);

    private static async Task<Results<Ok<TorrentDto>, NotFound>> SetRunning(
        string hash, bool running, TorrentStore store, TimeProvider time, IOptions<HaulOptions> options, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rate = options.Value.TransferRate;
        return await store.SetRunningAsync(Normalize(hash), running, now, rate, cancellationToken) is { } torrent
            ? TypedResults.Ok(torrent.ToDto(now, rate))
            : TypedResults.NotFound();
    }

    // A hash in the path may be hex in any case or base32; anything else matches nothing (404).
    private static string Normalize(string hash) => MagnetLink.NormalizeInfoHash(hash) ?? hash;

    private static ValidationProblem IdempotencyKeyError(string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [IdempotencyKey.HeaderName] = [message] },
            title: "The idempotency key is invalid.");

    private static ValidationProblem UriError(string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["uri"] = [message] }, title: "The torrent uri is invalid.");
}
