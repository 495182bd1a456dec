using NpgsqlTypes;

namespace Pulse.Registry.Liveness;

/// <summary>
/// Writes the heartbeat renewals kept in <see cref="LeaseBook"/> to PostgreSQL in one <c>UPDATE ... FROM unnest</c>
/// per batch, every <c>Registry:HeartbeatFlushInterval</c> (at most a second), before each sweep, and at shutdown.
/// </summary>
internal sealed class HeartbeatFlusher(
    RegistryDatabase database,
    LeaseBook leases,
    TimeProvider time,
    IOptions<RegistryOptions> options,
    ILogger<HeartbeatFlusher> logger) : BackgroundService
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    // The buffers are reused: a large flush allocates its arrays once, not every second.
    private readonly List<KeyValuePair<Guid, long>> _batch = [];
    private readonly List<Guid> _ids = [];
    private readonly List<DateTime> _seen = [];

    /// <summary>
    /// The most renewals one statement writes. PostgreSQL joins a batch to the table with a hash join that reads every
    /// service, so ten statements of 1,000 renewals cost it twice what one of 10,000 does (about 80 ms against 40 ms).
    /// </summary>
    public int BatchSize { get; set; } = 10_000;

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var pending = leases.PendingRenewals().GetEnumerator();
            while (TakeBatch(pending))
            {
                await using var update = database.DataSource.CreateCommand("""
                    UPDATE services AS s SET last_seen = u.seen, lease_expires_at = u.seen + @lease,
                        sweep_after = CASE WHEN s.sweep_after < u.seen + @lease - @slack THEN u.seen + @lease ELSE s.sweep_after END
                    FROM unnest(@ids, @seen) AS u(id, seen)
                    WHERE s.id = u.id AND s.status = 'online' AND s.lease_expires_at < u.seen + @lease
                    """);
                update.Parameters.AddWithValue("lease", options.Value.LeasePeriod);
                update.Parameters.AddWithValue("slack", options.Value.HeartbeatInterval);
                update.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = _ids });
                update.Parameters.Add(new NpgsqlParameter("seen", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = _seen });
                if (await update.ExecuteNonQueryAsync(cancellationToken) < _batch.Count)
                {
                    await ForgetStaleAsync(cancellationToken);
                }

                leases.MarkFlushed(_batch);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Some renewals of the batch were not written: most often a later renewal through another instance was written
    /// first, but the service may also have gone offline (it left, or another instance's sweep recorded its lapse) or
    /// been deleted through another instance. This instance would then go on renewing it in memory for good: answering
    /// its heartbeats 204 while every instance reports it offline, or a deleted service's heartbeats 204 instead of 404,
    /// so that it never registers again. Its entry is set to what PostgreSQL holds, and the service's next heartbeat goes
    /// there: it brings the service back online (raising <c>service.online</c>), or is 404.
    /// </summary>
    private async Task ForgetStaleAsync(CancellationToken cancellationToken)
    {
        await using var select = database.DataSource.CreateCommand("""
            SELECT u.id, s.status, s.lease_expires_at FROM unnest(@ids) AS u(id) LEFT JOIN services s ON s.id = u.id
            WHERE s.id IS NULL OR s.status <> 'online'
            """);
        select.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = _ids });
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.IsDBNull(1))
            {
                leases.Remove(reader.GetGuid(0));
            }
            else
            {
                leases.Set(reader.GetGuid(0), online: false, reader.GetDateTime(2));
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (Exception exception) when (PeriodicWork.IsDatabaseFailure(exception) || exception is OperationCanceledException)
        {
            Log.HeartbeatFlushFailed(logger, exception);
        }
    }

    /// <summary>Fills the buffers with the next renewals (PostgreSQL keeps microseconds); <c>false</c> when none is left.</summary>
    private bool TakeBatch(IEnumerator<KeyValuePair<Guid, long>> pending)
    {
        _batch.Clear();
        _ids.Clear();
        _seen.Clear();
        while (_batch.Count < BatchSize && pending.MoveNext())
        {
            var (id, renewed) = pending.Current;
            _batch.Add(pending.Current);
            _ids.Add(id);
            _seen.Add(new DateTime(renewed - renewed % TimeSpan.TicksPerMicrosecond, DateTimeKind.Utc));
        }

        return _batch.Count > 0;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => PeriodicWork.RunAsync(
        options.Value.HeartbeatFlushInterval, time, FlushAsync, exception => Log.HeartbeatFlushFailed(logger, exception), stoppingToken);
}
