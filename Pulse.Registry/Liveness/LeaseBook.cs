using System.Collections.Concurrent;

namespace Pulse.Registry.Liveness;

/// <summary>
/// The known services and their leases, in memory. A heartbeat for an online service with a live lease only renews
/// it here (no database write); <see cref="HeartbeatFlusher"/> writes the renewals in one batch at least once a
/// second. Reads and the sweep overlay these renewals, so the lease rules hold before a flush.
/// </summary>
internal sealed class LeaseBook(TimeProvider time, IOptions<RegistryOptions> options)
{
    private readonly ConcurrentDictionary<Guid, Lease> _leases = new();
    private readonly long _leaseTicks = options.Value.LeasePeriod.Ticks;

    public int Count => _leases.Count;

    /// <summary>Renews an online service's lease in memory; <c>false</c> if that needs the database.</summary>
    public bool TryRenew(Guid id)
    {
        if (!_leases.TryGetValue(id, out var lease))
        {
            return false;
        }

        var now = time.GetUtcNow().UtcTicks;
        if (!lease.Online || Volatile.Read(ref lease.ExpiresTicks) <= now)
        {
            return false;
        }

        // A renewal writes two fields of an existing object: a heartbeat allocates nothing and takes no lock.
        Volatile.Write(ref lease.ExpiresTicks, now + _leaseTicks);
        Volatile.Write(ref lease.RenewedTicks, now);
        return true;
    }

    /// <summary>Records what the database now holds for a service (so no renewal of it is left to flush).</summary>
    public void Set(Guid id, bool online, DateTime leaseExpiresAt) =>
        _leases[id] = new Lease { Online = online, ExpiresTicks = leaseExpiresAt.Ticks };

    public void Remove(Guid id) => _leases.TryRemove(id, out _);

    public bool IsKnown(Guid id) => _leases.ContainsKey(id);

    /// <summary>
    /// Forgets the entries whose lease ended before <paramref name="cutoff"/> with no renewal left to flush: services
    /// removed since, possibly through another instance, which this one would otherwise keep for good. Forgetting one
    /// only sends its next heartbeat to PostgreSQL, which holds the truth.
    /// </summary>
    public void ForgetLapsedBefore(DateTime cutoff)
    {
        foreach (var (id, lease) in _leases)
        {
            if (Volatile.Read(ref lease.ExpiresTicks) < cutoff.Ticks && Volatile.Read(ref lease.RenewedTicks) == 0)
            {
                _leases.TryRemove(new KeyValuePair<Guid, Lease>(id, lease));
            }
        }
    }

    /// <summary>The lease as this instance knows it: the stored one, or a later renewal not yet flushed.</summary>
    public DateTime EffectiveLease(Guid id, DateTime stored) =>
        _leases.TryGetValue(id, out var lease) && lease.Online && Volatile.Read(ref lease.ExpiresTicks) > stored.Ticks
            ? new DateTime(Volatile.Read(ref lease.ExpiresTicks), DateTimeKind.Utc)
            : stored;

    /// <summary>The renewals to flush, read as they are enumerated: (id, time of the heartbeat in UTC ticks).</summary>
    public IEnumerable<KeyValuePair<Guid, long>> PendingRenewals()
    {
        foreach (var (id, lease) in _leases)
        {
            if (Volatile.Read(ref lease.RenewedTicks) is var renewed and not 0)
            {
                yield return new(id, renewed);
            }
        }
    }

    /// <summary>Forgets flushed renewals, unless a newer heartbeat came in meanwhile.</summary>
    public void MarkFlushed(IEnumerable<KeyValuePair<Guid, long>> flushed)
    {
        foreach (var (id, renewed) in flushed)
        {
            if (_leases.TryGetValue(id, out var lease))
            {
                Interlocked.CompareExchange(ref lease.RenewedTicks, 0, renewed);
            }
        }
    }

    private sealed class Lease
    {
        public bool Online;
        public long ExpiresTicks;

        /// <summary>When the last heartbeat not yet written to PostgreSQL came in; 0 when none is pending.</summary>
        public long RenewedTicks;
    }
}
