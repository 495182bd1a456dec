using Pulse.Registry.Relay;

namespace Pulse.Registry.Liveness;

/// <summary>
/// Every <c>Registry:SweepInterval</c>: records lapsed leases as <c>offline</c> (raising the events), removes services
/// offline longer than <c>Registry:RemoveOfflineAfter</c>, and trims the event feed to the events that are neither among
/// the last <c>Registry:EventRetention</c> nor younger than <c>Registry:EventRetentionPeriod</c>.
/// Each query reads only expired rows through an index, so the cost grows with them, not with all services or events;
/// <c>SKIP LOCKED</c> lets several registries sweep at once without doing the work twice.
/// </summary>
internal sealed class LeaseSweeper(
    RegistryDatabase database,
    ServiceStore services,
    LeaseBook leases,
    DeliverySignals deliverySignals,
    HeartbeatFlusher flusher,
    TimeProvider time,
    IOptions<RegistryOptions> options,
    ILogger<LeaseSweeper> logger) : BackgroundService
{
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        await flusher.FlushAsync(cancellationToken);
        while (await MarkOfflineAsync(cancellationToken))
        {
        }

        var removeAfter = options.Value.RemoveOfflineAfter;
        while (await RemoveOfflineAsync(removeAfter, cancellationToken))
        {
        }

        // Entries of services removed through another instance (or a lease this instance last saw long ago): what the
        // database holds is read again if one of them heartbeats.
        leases.ForgetLapsedBefore(database.UtcNow - removeAfter);
        await TrimEventsAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => PeriodicWork.RunAsync(
        options.Value.SweepInterval, time, SweepAsync, exception => Log.SweepFailed(logger, exception), stoppingToken);

    /// <returns>Whether a full batch was recorded (so there may be more).</returns>
    private async Task<bool> MarkOfflineAsync(CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        var expired = await SelectAsync(scope, """
            WHERE status = 'online' AND sweep_after <= @cutoff AND lease_expires_at <= @cutoff
            ORDER BY sweep_after LIMIT @limit FOR UPDATE SKIP LOCKED
            """, scope.Now, cancellationToken);

        // A heartbeat renewed in memory but not yet flushed keeps the service online.
        var lapsed = expired.Where(s => leases.EffectiveLease(s.Id, s.LeaseExpiresAt) <= scope.Now).ToList();
        if (lapsed.Count > 0)
        {
            await using var update = scope.Command(
                "UPDATE services SET status = 'offline', offline_since = lease_expires_at WHERE id = ANY(@ids)");
            update.Parameters.AddWithValue("ids", lapsed.Select(s => s.Id).ToArray());
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var service in lapsed)
        {
            var offline = service with { Status = ServiceStatus.Offline, OfflineSince = service.LeaseExpiresAt };
            await services.RaiseStatusChangeAsync(scope, EventTypes.ServiceOffline, offline, cancellationToken);
        }

        await scope.CommitAsync(cancellationToken);
        foreach (var service in lapsed)
        {
            leases.Set(service.Id, online: false, service.LeaseExpiresAt);
            Log.ServiceWentOffline(logger, service.Name, service.Type, service.Id);
        }

        return lapsed.Count > 0 && expired.Count == PeriodicWork.BatchSize;
    }

    private async Task<bool> RemoveOfflineAsync(TimeSpan removeAfter, CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        var stale = await SelectAsync(scope, """
            WHERE status = 'offline' AND offline_since <= @cutoff
            ORDER BY offline_since LIMIT @limit FOR UPDATE SKIP LOCKED
            """, scope.Now - removeAfter, cancellationToken);
        if (stale.Count > 0)
        {
            await services.RemoveAsync(scope, stale, cancellationToken);
        }

        await scope.CommitAsync(cancellationToken);
        foreach (var service in stale)
        {
            leases.Remove(service.Id);
            deliverySignals.Notify(service.Id);
            Log.ServiceRemoved(logger, service.Name, service.Type, service.Id);
        }

        return stale.Count == PeriodicWork.BatchSize;
    }

    // The window's start moves to just before the oldest event that is among the last EventRetention or younger than
    // EventRetentionPeriod. Only the events it passes are read (by id, from the old start), and only the one-row
    // update holds the registry_index lock that every writer needs to commit; the rows are deleted after it.
    private async Task TrimEventsAsync(CancellationToken cancellationToken)
    {
        await using (var advance = database.DataSource.CreateCommand("""
            WITH bound AS (
                SELECT LEAST(i.value - @retention, COALESCE(
                    (SELECT e.id - 1 FROM events e
                     WHERE e.id > i.trimmed_up_to AND e.id <= i.value - @retention AND e.timestamp > @cutoff
                     ORDER BY e.id LIMIT 1),
                    i.value)) AS up_to
                FROM registry_index i WHERE i.id = 1)
            UPDATE registry_index SET trimmed_up_to = bound.up_to FROM bound
            WHERE id = 1 AND bound.up_to > trimmed_up_to
            """))
        {
            advance.Parameters.AddWithValue("retention", (long)options.Value.EventRetention);
            advance.Parameters.AddWithValue("cutoff", database.UtcNow - options.Value.EventRetentionPeriod);
            await advance.ExecuteNonQueryAsync(cancellationToken);
        }

        // A transaction of its own, after the start moved: it also deletes what an interrupted sweep left behind.
        await using var delete = database.DataSource.CreateCommand(
            "DELETE FROM events WHERE id <= (SELECT trimmed_up_to FROM registry_index WHERE id = 1)");
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<List<ServiceRecord>> SelectAsync(
        WriteScope scope, string where, DateTime cutoff, CancellationToken cancellationToken)
    {
        await using var select = scope.Command($"SELECT {ServiceRecord.Columns} FROM services {where}");
        select.Parameters.AddWithValue("cutoff", cutoff);
        select.Parameters.AddWithValue("limit", PeriodicWork.BatchSize);
        var rows = new List<ServiceRecord>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(ServiceRecord.Read(reader));
        }

        return rows;
    }
}
