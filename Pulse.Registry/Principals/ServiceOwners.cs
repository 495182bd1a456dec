using System.Collections.Concurrent;

namespace Pulse.Registry.Principals;

/// <summary>
/// Which (name, type) each service id belongs to, for the routes that act on one service by id. An id never changes
/// its (name, type), so an entry stays true while the service exists; a removal moves <c>principal_index</c>, and
/// every instance then drops this cache (<see cref="PrincipalDirectory.ReloadAsync"/>), so a removed id stops
/// granting within one poll. A heartbeat therefore reads memory only.
/// </summary>
internal sealed class ServiceOwners(RegistryDatabase database)
{
    private readonly ConcurrentDictionary<Guid, ServiceIdentity> _owners = new();
    private readonly Lock _clearing = new();
    private long _generation;

    public bool TryGet(Guid id, out ServiceIdentity owner) => _owners.TryGetValue(id, out owner!);

    /// <summary>The owner of <paramref name="id"/>, read from PostgreSQL on a miss; <c>null</c> if no such service exists.</summary>
    public async Task<ServiceIdentity?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        if (_owners.TryGetValue(id, out var known))
        {
            return known;
        }

        // A read that raced a Clear (a removal seen meanwhile) answers this request but is not kept: it may be stale.
        var generation = Volatile.Read(ref _generation);
        await using var select = database.DataSource.CreateCommand("SELECT name, type FROM services WHERE id = @id");
        select.Parameters.AddWithValue("id", id);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var owner = new ServiceIdentity(reader.GetString(0), reader.GetString(1));
        lock (_clearing)
        {
            if (_generation == generation)
            {
                _owners.TryAdd(id, owner);
            }
        }

        return owner;
    }

    public void Set(Guid id, string name, string type) => _owners[id] = new ServiceIdentity(name, type);

    public void Remove(Guid id) => _owners.TryRemove(id, out _);

    public void Clear()
    {
        lock (_clearing)
        {
            _generation++;
            _owners.Clear();
        }
    }
}

/// <summary>A service's identity: what a service key is bound to.</summary>
internal sealed record ServiceIdentity(string Name, string Type)
{
    public string Scope => Scopes.Service(Name, Type);
}
