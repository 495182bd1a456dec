namespace Haul.Sample.Torrents.Sources;

/// <summary>What a torrent uri resolves to: its info hash (40 lowercase hex chars), a name and a size.</summary>
internal sealed record ResolvedTorrent(string InfoHash, string Name, long Size);

/// <summary>The outcome of resolving a uri: a torrent, bad input (<c>400</c>) or well-formed but unresolvable (<c>422</c>).</summary>
internal sealed record Resolution(ResolvedTorrent? Torrent, string? Invalid, string? Unresolvable)
{
    public static Resolution Of(ResolvedTorrent torrent) => new(torrent, null, null);

    public static Resolution BadInput(string reason) => new(null, reason, null);

    public static Resolution CannotResolve(string reason) => new(null, null, reason);
}
