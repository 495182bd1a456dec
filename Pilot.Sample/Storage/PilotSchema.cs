using Npgsql;
using Pulse.ServiceDefaults;

namespace Pilot.Sample.Storage;

/// <summary>
/// Creates Pilot's tables at start. The statements are idempotent and run under an advisory lock, so two instances
/// starting at once do not race.
/// </summary>
internal sealed class PilotSchema(NpgsqlDataSource dataSource, ILogger<PilotSchema> logger) : IHostedService
{
    private const string Sql = """
        SELECT pg_advisory_xact_lock(hashtext('pilot-schema'));
        CREATE TABLE IF NOT EXISTS download_clients (
            id uuid PRIMARY KEY,
            name text NOT NULL,
            implementation text NOT NULL,
            protocol text NOT NULL,
            url text NULL,
            api_key text NOT NULL,
            delivery_mode text NOT NULL,
            category text NULL,
            priority integer NOT NULL,
            enabled boolean NOT NULL,
            source text NOT NULL CHECK (source IN ('manual', 'pulse')),
            status text NOT NULL,
            pulse_id text NULL UNIQUE,
            service_id text NULL,
            updated_at timestamptz NOT NULL);
        CREATE TABLE IF NOT EXISTS grabs (
            id uuid PRIMARY KEY,
            title text NOT NULL,
            uri text NOT NULL,
            category text NULL,
            status text NOT NULL,
            info_hash text NULL,
            download_client text NULL,
            message_id text NULL,
            reason text NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL);
        CREATE INDEX IF NOT EXISTS grabs_by_created ON grabs (created_at DESC);
        CREATE INDEX IF NOT EXISTS grabs_pending ON grabs (created_at) WHERE status = 'pending';
        CREATE INDEX IF NOT EXISTS grabs_queued ON grabs (created_at) WHERE status = 'queued';
        """;

    public Task StartAsync(CancellationToken cancellationToken) => DatabaseStartup.RunAsync(CreateAsync, logger, cancellationToken);

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(Sql, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
