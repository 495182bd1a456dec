using Npgsql;

namespace Pulse.Replicas.Tests;

/// <summary>
/// Reads the stored leases (<c>services.lease_expires_at</c>) of some services from PostgreSQL every 100 ms until
/// disposed, and records every read that found a lease earlier than one read before it: a lease moved backwards.
/// </summary>
internal sealed class LeaseWatch : BackgroundLoop
{
    private readonly NpgsqlDataSource _database;
    private readonly Guid[] _ids;
    private readonly Dictionary<Guid, DateTime> _latest = [];
    private int _reads;

    public LeaseWatch(string connectionString, IEnumerable<string> ids)
    {
        _database = NpgsqlDataSource.Create(connectionString);
        _ids = [.. ids.Select(Guid.Parse)];
        Start();
    }

    public int Reads => Volatile.Read(ref _reads);

    /// <summary>Each lease that moved backwards: the service, the lease read before and the earlier one read after.</summary>
    public List<string> Backwards { get; } = [];

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            await _database.DisposeAsync();
        }
    }

    protected override async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (await timer.WaitForNextTickAsync(stopping))
        {
            await using var read = _database.CreateCommand("SELECT id, lease_expires_at FROM services WHERE id = ANY(@ids)");
            read.Parameters.AddWithValue("ids", _ids);
            await using var reader = await read.ExecuteReaderAsync(stopping);
            while (await reader.ReadAsync(stopping))
            {
                var (id, lease) = (reader.GetGuid(0), reader.GetDateTime(1));
                if (_latest.TryGetValue(id, out var before) && lease < before)
                {
                    lock (Backwards)
                    {
                        Backwards.Add($"{id}: {before:O} then {lease:O}");
                    }
                }

                _latest[id] = lease > before ? lease : before;
            }

            Interlocked.Increment(ref _reads);
        }
    }
}
