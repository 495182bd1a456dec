using Microsoft.Extensions.Options;
using Npgsql;
using Pulse.Registry.Changes;
using Pulse.Registry.DownloadClients;
using Pulse.Registry.Services;

namespace Pulse.Registry.Liveness;

/// <summary>
/// Every <c>Registry:SweepInterval</c>: records lapsed leases as <c>offline</c> (raising the events), removes services
/// offline longer than <c>Registry:RemoveOfflineAfter</c>, and trims the event feed to <c>Registry:EventRetention</c>.
/// Each query reads only expired rows through a partial index, so the cost grows with them, not with all services;
/// <c>SKIP LOCKED</c> lets several registries sweep at once without doing the work twice.
/// </summary>
internal sealed class LeaseSweeper(
    RegistryDatabase database,
    ServiceStore services,
    DownloadClientSync downloadClients,
    LeaseBook leases,
    HeartbeatFlusher flusher,
    TimeProvider time,
    IOptions<RegistryOptions> options,
    ILogger<LeaseSweeper> logger) : BackgroundService
{
    private const int BatchSize = 500;

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        await flusher.FlushAsync(cancellationToken);
        while (await MarkOfflineAsync(cancellationToken))
        {
        }

        if (options.Value.RemoveOfflineAfter is { } removeAfter)
        {
            while (await RemoveOfflineAsync(removeAfter, cancellationToken))
            {
            }
        }

        await TrimEventsAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                Log.SweepFailed(logger, exception);
            }
        }
    }

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
        foreach (var service in lapsed)
        {
            await using (var update = scope.Command(
                "UPDATE services SET status = 'offline', offline_since = lease_expires_at WHERE id = @id"))
            {
                update.Parameters.AddWithValue("id", service.Id);
                await update.ExecuteNonQueryAsync(cancellationToken);
            }

            var offline = service with { Status = ServiceStatus.Offline, OfflineSince = service.LeaseExpiresAt };
            scope.Raise(EventTypes.ServiceOffline, EventTypes.ServiceKey(service.Id), services.Payload(offline));
            await downloadClients.StatusChangedAsync(scope, service.Id, cancellationToken);
        }

        await scope.CommitAsync(cancellationToken);
        foreach (var service in lapsed)
        {
            leases.Set(service.Id, online: false, service.LeaseExpiresAt);
            Log.ServiceWentOffline(logger, service.Name, service.Type, service.Id);
        }

        return lapsed.Count > 0 && expired.Count == BatchSize;
    }

    private async Task<bool> RemoveOfflineAsync(TimeSpan removeAfter, CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        var stale = await SelectAsync(scope, """
            WHERE status = 'offline' AND offline_since <= @cutoff
            ORDER BY offline_since LIMIT @limit FOR UPDATE SKIP LOCKED
            """, scope.Now - removeAfter, cancellationToken);
        foreach (var service in stale)
        {
            await services.RemoveAsync(scope, service, cancellationToken);
        }

        await scope.CommitAsync(cancellationToken);
        foreach (var service in stale)
        {
            leases.Remove(service.Id);
            Log.ServiceRemoved(logger, service.Name, service.Type, service.Id);
        }

        return stale.Count == BatchSize;
    }

    private async Task TrimEventsAsync(CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        await using var trim = scope.Command("""
            WITH trimmed AS (
                UPDATE registry_index SET trimmed_up_to = value - @retention
                WHERE id = 1 AND value - @retention > trimmed_up_to
                RETURNING trimmed_up_to)
            DELETE FROM events WHERE id <= (SELECT trimmed_up_to FROM trimmed)
            """);
        trim.Parameters.AddWithValue("retention", (long)options.Value.EventRetention);
        await trim.ExecuteNonQueryAsync(cancellationToken);
        await scope.CommitAsync(cancellationToken);
    }

    private static async Task<List<ServiceRecord>> SelectAsync(
        WriteScope scope, string where, DateTime cutoff, CancellationToken cancellationToken)
    {
        await using var select = scope.Command($"SELECT {ServiceRecord.Columns} FROM services {where}");
        select.Parameters.AddWithValue("cutoff", cutoff);
        select.Parameters.AddWithValue("limit", BatchSize);
        var rows = new List<ServiceRecord>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(ServiceRecord.Read(reader));
        }

        return rows;
    }
}
