namespace Pulse.Registry.Relay;

/// <summary>
/// Every <c>Registry:SweepInterval</c>: makes messages whose lease expired claimable again (a new delivery), or
/// <c>failed</c> once they had <c>Relay:MaxAttempts</c> claims, deletes messages finished longer than
/// <c>Relay:FinishedRetention</c> ago (with their deliveries), and trims each delivery log to
/// <c>Relay:DeliveryRetention</c>. Expired claims are read through a partial index with
/// <c>FOR UPDATE SKIP LOCKED</c>, so several registry instances sweep at once and each expired claim is recovered once.
/// </summary>
internal sealed class RelaySweeper(
    RegistryDatabase database,
    DeliverySignals signals,
    TimeProvider time,
    IOptions<RegistryOptions> registryOptions,
    IOptions<RelayOptions> options,
    ILogger<RelaySweeper> logger) : BackgroundService
{
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        while (await RecoverExpiredAsync(cancellationToken))
        {
        }

        while (await DeleteFinishedAsync(cancellationToken))
        {
        }

        await TrimAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => PeriodicWork.RunAsync(
        registryOptions.Value.SweepInterval, time, SweepAsync, exception => Log.RelaySweepFailed(logger, exception), stoppingToken);

    /// <returns>Whether a full batch was recovered (so there may be more).</returns>
    private async Task<bool> RecoverExpiredAsync(CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        var expired = new List<(Guid Id, Guid ServiceId, int Attempts)>();
        await using (var select = scope.Command("""
            SELECT id, service_id, attempts FROM relay_messages
            WHERE status = 'claimed' AND lease_expires_at <= @now
            ORDER BY lease_expires_at LIMIT @limit FOR UPDATE SKIP LOCKED
            """))
        {
            select.Parameters.AddWithValue("now", scope.Now);
            select.Parameters.AddWithValue("limit", PeriodicWork.BatchSize);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                expired.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetInt32(2)));
            }
        }

        // Appends lock each service's log row: in service order, so two sweeps never wait on each other in a cycle.
        var max = options.Value.MaxAttempts;
        foreach (var (id, serviceId, attempts) in expired.OrderBy(e => e.ServiceId).ThenBy(e => e.Id))
        {
            var exhausted = attempts >= max;
            await using (var update = scope.Command(exhausted
                ? "UPDATE relay_messages SET status = 'failed', reason = @reason, lease_expires_at = NULL, updated_at = @now WHERE id = @id"
                : "UPDATE relay_messages SET status = 'pending', lease_expires_at = NULL, updated_at = @now WHERE id = @id"))
            {
                update.Parameters.AddWithValue("id", id);
                update.Parameters.AddWithValue("now", scope.Now);
                update.Parameters.AddWithValue("reason", $"The lease expired on attempt {attempts} of {max}: no attempts left.");
                await update.ExecuteNonQueryAsync(cancellationToken);
            }

            if (!exhausted)
            {
                await DeliveryLog.AppendAsync(scope, serviceId, id, attempts + 1, cancellationToken);
            }
        }

        await scope.CommitAsync(cancellationToken);
        foreach (var serviceId in expired.Select(e => e.ServiceId).Distinct())
        {
            signals.Notify(serviceId);
        }

        if (expired.Count > 0)
        {
            Log.RelayLeasesRecovered(logger, expired.Count);
        }

        return expired.Count == PeriodicWork.BatchSize;
    }

    /// <returns>Whether a full batch was deleted (so there may be more).</returns>
    private async Task<bool> DeleteFinishedAsync(CancellationToken cancellationToken)
    {
        await using var delete = database.DataSource.CreateCommand("""
            DELETE FROM relay_messages WHERE id IN (
                SELECT id FROM relay_messages
                WHERE status IN ('completed', 'failed') AND updated_at <= @cutoff
                ORDER BY updated_at LIMIT @limit FOR UPDATE SKIP LOCKED)
            """);
        delete.Parameters.AddWithValue("cutoff", database.UtcNow - options.Value.FinishedRetention);
        delete.Parameters.AddWithValue("limit", PeriodicWork.BatchSize);
        var deleted = await delete.ExecuteNonQueryAsync(cancellationToken);
        if (deleted > 0)
        {
            Log.RelayFinishedDeleted(logger, deleted);
        }

        return deleted == PeriodicWork.BatchSize;
    }

    // Keeps the last Relay:DeliveryRetention deliveries of each log, and always the latest delivery of a live message,
    // so a tail that resets after a 410 still finds every message that can be claimed.
    private async Task TrimAsync(CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        var trimmed = new List<(Guid ServiceId, long UpTo)>();
        await using (var trim = scope.Command("""
            UPDATE relay_streams s SET trimmed_up_to = t.up_to
            FROM (
                SELECT r.service_id, LEAST(r.last_delivery - @retention, COALESCE(
                    (SELECT min(m.last_delivery) - 1 FROM relay_messages m
                     WHERE m.service_id = r.service_id AND m.status IN ('pending', 'claimed')), r.last_delivery)) AS up_to
                FROM relay_streams r WHERE r.last_delivery - @retention > r.trimmed_up_to) t
            WHERE s.service_id = t.service_id AND t.up_to > s.trimmed_up_to
            RETURNING s.service_id, s.trimmed_up_to
            """))
        {
            trim.Parameters.AddWithValue("retention", (long)options.Value.DeliveryRetention);
            await using var reader = await trim.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                trimmed.Add((reader.GetGuid(0), reader.GetInt64(1)));
            }
        }

        foreach (var (serviceId, upTo) in trimmed)
        {
            await using var delete = scope.Command("DELETE FROM relay_deliveries WHERE service_id = @service AND id <= @up_to");
            delete.Parameters.AddWithValue("service", serviceId);
            delete.Parameters.AddWithValue("up_to", upTo);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await scope.CommitAsync(cancellationToken);
    }
}
