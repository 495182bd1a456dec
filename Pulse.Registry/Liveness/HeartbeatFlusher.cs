using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Pulse.Registry.Changes;

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
    // Small enough that a batch's arrays stay off the large object heap, and PostgreSQL's work comes in short bursts.
    private const int BatchSize = 1_000;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            foreach (var batch in leases.PendingRenewals().Chunk(BatchSize))
            {
                await using var update = database.DataSource.CreateCommand("""
                    UPDATE services AS s SET last_seen = u.seen, lease_expires_at = u.seen + @lease,
                        sweep_after = CASE WHEN s.sweep_after < u.seen + @lease - @slack THEN u.seen + @lease ELSE s.sweep_after END
                    FROM unnest(@ids, @seen) AS u(id, seen)
                    WHERE s.id = u.id AND s.status = 'online' AND s.lease_expires_at < u.seen + @lease
                    """);
                update.Parameters.AddWithValue("lease", options.Value.LeasePeriod);
                update.Parameters.AddWithValue("slack", options.Value.HeartbeatInterval);
                update.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = batch.Select(r => r.Key).ToArray() });
                update.Parameters.Add(new NpgsqlParameter("seen", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
                {
                    Value = batch.Select(r => new DateTime(r.Value - r.Value % 10, DateTimeKind.Utc)).ToArray(),
                });
                await update.ExecuteNonQueryAsync(cancellationToken);
                leases.MarkFlushed(batch);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            Log.HeartbeatFlushFailed(logger, exception);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatFlushInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await FlushAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                Log.HeartbeatFlushFailed(logger, exception);
            }
        }
    }
}
