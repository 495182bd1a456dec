namespace Pulse.Registry.Principals;

/// <summary>
/// This instance's key cache: key hash → principal, in memory, so that a request costs a SHA-256 and a dictionary
/// lookup, never a database read. It is reloaded whenever <c>principal_index</c> moves: at once on the instance that
/// made the change, and within one poll (<see cref="PrincipalWatcher"/>) on every other one.
/// </summary>
internal sealed class PrincipalDirectory(PrincipalStore store, ServiceOwners owners)
{
    private readonly SemaphoreSlim _reloading = new(1, 1);
    private volatile Snapshot _snapshot = new(new Dictionary<KeyHash, Principal>(), -1);

    public long Version => _snapshot.Version;

    /// <summary>How many active keys the cache holds.</summary>
    public int Count => _snapshot.Keys.Count;

    /// <summary>The principal a key belongs to, or <c>null</c> for a missing, unknown or retired key.</summary>
    public Principal? Resolve(string? key) =>
        key is { Length: > 0 and <= KeyHash.MaxKeyLength } && _snapshot.Keys.TryGetValue(KeyHash.Of(key), out var principal)
            ? principal
            : null;

    /// <summary>Reads every active key again (one reload at a time, so an older read never replaces a newer one).</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await _reloading.WaitAsync(cancellationToken);
        try
        {
            var (keys, version) = await store.LoadAsync(cancellationToken);
            _snapshot = new Snapshot(keys, version);

            // The counter also moves when a service is removed: its id must stop granting its owner's scope.
            owners.Clear();
        }
        finally
        {
            _reloading.Release();
        }
    }

    private sealed record Snapshot(Dictionary<KeyHash, Principal> Keys, long Version);
}
