using Npgsql;
using Pulse.ServiceDefaults;

namespace Haul.Sample.Storage;

/// <summary>
/// Creates Haul's tables at start, before the server listens. An advisory lock makes concurrent starts (two instances,
/// or a restart racing a stop) safe: <c>CREATE ... IF NOT EXISTS</c> alone can still collide in the catalog.
/// Idempotency keys live in a table of their own, not a column of <c>torrents</c>: two grabs of one torrent are two keys
/// for one torrent. A key goes with its torrent when the torrent is deleted.
/// </summary>
internal sealed class HaulSchema(NpgsqlDataSource dataSource, ILogger<HaulSchema> logger) : IHostedService
{
    private const long LockId = 0x4841554c; // "HAUL"

    private const string Ddl = """
        CREATE TABLE IF NOT EXISTS torrents (
            info_hash     text PRIMARY KEY CHECK (info_hash ~ '^[0-9a-f]{40}$'),
            name          text NOT NULL,
            category      text,
            save_path     text,
            tags          text[] NOT NULL DEFAULT '{}',
            size          bigint NOT NULL CHECK (size >= 0),
            downloaded    bigint NOT NULL DEFAULT 0,
            running_since timestamptz,
            metadata      jsonb,
            added_at      timestamptz NOT NULL
        );
        CREATE INDEX IF NOT EXISTS torrents_added_at ON torrents (added_at DESC, info_hash);
        CREATE TABLE IF NOT EXISTS torrent_idempotency_keys (
            key        text PRIMARY KEY,
            info_hash  text NOT NULL REFERENCES torrents (info_hash) ON DELETE CASCADE,
            created_at timestamptz NOT NULL
        );
        CREATE INDEX IF NOT EXISTS torrent_idempotency_keys_info_hash ON torrent_idempotency_keys (info_hash);
        """;

    public Task StartAsync(CancellationToken cancellationToken) => DatabaseStartup.RunAsync(CreateAsync, logger, cancellationToken);

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({LockId}); {Ddl}", connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        Log.SchemaReady(logger);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
