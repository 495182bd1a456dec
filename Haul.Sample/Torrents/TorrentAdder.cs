using Haul.Sample.Torrents.Sources;
using Microsoft.Extensions.Options;
using Pulse.ServiceDefaults.BadInput;

namespace Haul.Sample.Torrents;

/// <summary>
/// Adds a torrent from a <c>POST /api/v1/torrents</c> body, whether it came over HTTP (push mode) or through the relay
/// (poll mode): resolves its uri, stores it (idempotent by info hash) and answers the torrent or why it could not.
/// An add that carries an idempotency key the store already holds answers the torrent stored under it, without resolving
/// the uri again (an http(s) torrent is not fetched twice, and a resend answers what the first send did).
/// </summary>
internal sealed class TorrentAdder(
    TorrentUriResolver resolver, TorrentStore store, TimeProvider time, IOptions<HaulOptions> options, ILogger<TorrentAdder> logger)
{
    /// <summary>Adds the torrent of <paramref name="request"/>, which has passed its validation (it has a uri).</summary>
    public async Task<AddOutcome> AddAsync(AddTorrentRequest request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (idempotencyKey is not null && await store.GetByIdempotencyKeyAsync(idempotencyKey, cancellationToken) is { } known)
        {
            return new AddOutcome(known.ToDto(time.GetUtcNow(), options.Value.TransferRate), null, null);
        }

        var resolution = await resolver.ResolveAsync(request.Uri!, cancellationToken);
        if (resolution.Invalid is { } invalid)
        {
            return AddOutcome.Invalid(invalid);
        }

        if (resolution.Unresolvable is { } unresolvable)
        {
            Log.TorrentUnresolvable(logger, unresolvable);
            return new AddOutcome(null, null, unresolvable);
        }

        // A magnet's dn=%00 or a .torrent's name decodes to text that cannot be stored.
        if (StorableText.Problem(resolution.Torrent!.Name) is { } unstorable)
        {
            return AddOutcome.Invalid($"The torrent's name: {unstorable}");
        }

        var now = time.GetUtcNow();
        var (torrent, created) = await store.AddAsync(resolution.Torrent!, request, idempotencyKey, now, cancellationToken);
        if (created)
        {
            Log.TorrentAdded(logger, torrent.InfoHash, torrent.Name);
        }

        return new AddOutcome(torrent.ToDto(now, options.Value.TransferRate), null, null);
    }
}

/// <summary>The added torrent, or the input error (<c>400</c>), or why a well-formed uri could not be resolved (<c>422</c>).</summary>
internal sealed record AddOutcome(TorrentDto? Torrent, string? InvalidInput, string? Unresolvable)
{
    public static AddOutcome Invalid(string reason) => new(null, reason, null);
}
