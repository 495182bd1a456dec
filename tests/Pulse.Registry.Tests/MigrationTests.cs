using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pulse.Registry.Services;
using Pulse.Registry.Storage;
using Pulse.ServiceDefaults;

namespace Pulse.Registry.Tests;

public sealed class MigrationTests(GraphFixture graph)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private static readonly IReadOnlyList<string> Scripts =
        [.. typeof(RegistrySchema).Assembly.GetManifestResourceNames().Where(name => name.EndsWith(".sql", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task SeveralRegistriesMigratingAtTheSameMomentEndWithOneSchema()
    {
        var connectionString = await CreateDatabaseAsync();
        var dataSources = Enumerable.Range(0, 3).Select(_ => NpgsqlDataSource.Create(connectionString)).ToArray();
        try
        {
            await Task.WhenAll(dataSources.Select(dataSource => RegistrySchema.Migrations.ApplyAsync(dataSource, NullLogger.Instance, _ct)));
            await RegistrySchema.Migrations.ApplyAsync(dataSources[0], NullLogger.Instance, _ct);

            Assert.Equal(Scripts, await JournalAsync(dataSources[0]));
            await using var tables = dataSources[0].CreateCommand("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = ANY (@names)");
            tables.Parameters.AddWithValue("names", new[] { "services", "download_clients", "events", "relay_messages", "principals" });
            Assert.Equal(5L, await tables.ExecuteScalarAsync(_ct));
        }
        finally
        {
            foreach (var dataSource in dataSources)
            {
                await dataSource.DisposeAsync();
            }
        }
    }

    // The hand-written migrator that came before DbUp left schema_migrations with one row per version; a registry
    // upgraded from it must find its data untouched, journal what was applied without running it again (running script
    // 0001 again would fail on CREATE TABLE services), and run only the newer scripts.
    [Theory]
    [InlineData(6)]
    [InlineData(4)]
    public async Task ADatabaseOfTheHandWrittenMigratorIsUpgradedInPlaceWithEveryRowKept(int appliedVersions)
    {
        await using var dataSource = NpgsqlDataSource.Create(await CreateDatabaseAsync());
        await ApplyTheHandWrittenWayAsync(dataSource, appliedVersions);
        await FillAsync(dataSource, withPrincipals: appliedVersions >= 6);
        var before = await SnapshotAsync(dataSource);
        Assert.Equal(20L, before["services"].Rows);
        Assert.Equal(appliedVersions, before["schema_migrations"].Rows);

        var logs = new LogCapture();
        await RegistrySchema.Migrations.ApplyAsync(dataSource, logs.CreateLogger("DbUp"), _ct);

        var after = await SnapshotAsync(dataSource);
        foreach (var (table, rows) in before)
        {
            Assert.True(after.TryGetValue(table, out var kept), $"{table} is gone");
            Assert.Equal((table, rows), (table, kept));
        }

        Assert.Equal(Scripts, await JournalAsync(dataSource));
        var executed = logs.Lines.Select(line => line.Message).Where(message => message.StartsWith("Executing Database Server script", StringComparison.Ordinal));
        Assert.Equal(Scripts.Skip(appliedVersions).Select(script => $"Executing Database Server script '{script}'"), executed);
        Assert.Equal(1L, await ScalarAsync(dataSource, "SELECT count(*) FROM principal_index"));
    }

    [Fact]
    public async Task MigrationsLogThroughTheServiceLoggerAndNeverTheConnectionString()
    {
        var connectionString = await CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var logs = new LogCapture();

        await RegistrySchema.Migrations.ApplyAsync(dataSource, logs.CreateLogger("DbUp"), _ct);

        var messages = logs.Lines.Select(line => line.Message).ToArray();
        Assert.Contains($"Executing Database Server script '{Scripts[^1]}'", messages);
        var password = new NpgsqlConnectionStringBuilder(connectionString).Password;
        Assert.False(string.IsNullOrEmpty(password));
        Assert.DoesNotContain(messages, message => message.Contains(password, StringComparison.Ordinal)
            || message.Contains("Password=", StringComparison.OrdinalIgnoreCase));
    }

    // Exactly what the hand-written migrator did: its table, then per version the script and its row in one transaction.
    private async Task ApplyTheHandWrittenWayAsync(NpgsqlDataSource dataSource, int versions)
    {
        await using var connection = await dataSource.OpenConnectionAsync(_ct);
        await using (var table = new NpgsqlCommand("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())
            """, connection))
        {
            await table.ExecuteNonQueryAsync(_ct);
        }

        foreach (var (script, version) in Scripts.Take(versions).Select((script, index) => (script, index + 1)))
        {
            using var reader = new StreamReader(typeof(RegistrySchema).Assembly.GetManifestResourceStream(script)!);
            var sql = await reader.ReadToEndAsync(_ct);
            await using var transaction = await connection.BeginTransactionAsync(_ct);
            await using (var step = new NpgsqlCommand(sql, connection, transaction))
            {
                await step.ExecuteNonQueryAsync(_ct);
            }

            await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name) VALUES (@version, @name)", connection, transaction))
            {
                record.Parameters.AddWithValue("version", version);
                record.Parameters.AddWithValue("name", sql[3..sql.IndexOf('\n', StringComparison.Ordinal)]);
                await record.ExecuteNonQueryAsync(_ct);
            }

            await transaction.CommitAsync(_ct);
        }
    }

    private async Task FillAsync(NpgsqlDataSource dataSource, bool withPrincipals)
    {
        await using var fill = dataSource.CreateCommand("""
            INSERT INTO services (id, name, type, api_url, api_key, capabilities, delivery_mode, status, registered, last_seen, lease_expires_at, sweep_after)
            SELECT gen_random_uuid(), 'service-' || i, 'type-' || (i % 3), 'http://127.0.0.1:' || (9000 + i), 'key-' || i,
                   ARRAY['capability-' || (i % 2)], 'push', CASE WHEN i % 4 = 0 THEN 'offline' ELSE 'online' END,
                   now(), now(), now() + interval '30 seconds', now() + interval '30 seconds'
            FROM generate_series(1, 20) AS i;
            INSERT INTO download_clients (id, service_id, name, kind, protocol, enabled, priority, host, port, delivery_mode, password, created_at, updated_at)
            SELECT gen_random_uuid(), id, name, 'haul', 'torrent', true, 1, '127.0.0.1', 9000, 'push', 'secret', now(), now()
            FROM services ORDER BY name LIMIT 5;
            INSERT INTO events (id, type, event_key, timestamp, payload)
            SELECT i, 'service.registered', 'service-' || i, now(), '{}' FROM generate_series(1, 20) AS i;
            UPDATE registry_index SET value = 20;
            INSERT INTO relay_streams (service_id, last_delivery, trimmed_up_to) SELECT id, 1, 0 FROM services ORDER BY name LIMIT 3;
            INSERT INTO relay_messages (id, service_id, type, key, payload, status, attempts, epoch, last_delivery, created_at, updated_at)
            SELECT gen_random_uuid(), service_id, 'torrent.add', 'grab-1', '{}', 'claimed', 1, 1, 1, now(), now() FROM relay_streams;
            INSERT INTO relay_deliveries (service_id, id, message_id, attempt, created_at)
            SELECT service_id, 1, id, 1, now() FROM relay_messages;
            """);
        if (withPrincipals)
        {
            fill.CommandText += """
                INSERT INTO principals (name, service_type, consumer, created_at)
                VALUES ('operator', NULL, false, now()), ('haul', 'download-client', false, now());
                INSERT INTO principal_keys (id, principal, key_hash, created_at)
                VALUES (gen_random_uuid(), 'operator', sha256('one'), now()), (gen_random_uuid(), 'haul', sha256('two'), now());
                UPDATE principal_index SET value = 2;
                """;
        }

        await fill.ExecuteNonQueryAsync(_ct);
    }

    // Every table but DbUp's journal: its row count and a digest of all its rows.
    private async Task<Dictionary<string, (long Rows, string Digest)>> SnapshotAsync(NpgsqlDataSource dataSource)
    {
        var tables = new List<string>();
        await using (var list = dataSource.CreateCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schemaversions'"))
        await using (var reader = await list.ExecuteReaderAsync(_ct))
        {
            while (await reader.ReadAsync(_ct))
            {
                tables.Add(reader.GetString(0));
            }
        }

        var snapshot = new Dictionary<string, (long, string)>();
        foreach (var table in tables)
        {
            await using var digest = dataSource.CreateCommand($"SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM \"{table}\" t");
            await using var reader = await digest.ExecuteReaderAsync(_ct);
            await reader.ReadAsync(_ct);
            snapshot[table] = (reader.GetInt64(0), reader.GetString(1));
        }

        return snapshot;
    }

    private async Task<string[]> JournalAsync(NpgsqlDataSource dataSource)
    {
        var scripts = new List<string>();
        await using var journal = dataSource.CreateCommand($"SELECT scriptname FROM {SchemaMigrations.JournalTable} ORDER BY scriptname");
        await using var reader = await journal.ExecuteReaderAsync(_ct);
        while (await reader.ReadAsync(_ct))
        {
            scripts.Add(reader.GetString(0));
        }

        return [.. scripts];
    }

    private async Task<object?> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync(_ct);
    }

    [Fact]
    public async Task NoIndexOnServicesCoversAColumnTheHeartbeatFlushWrites()
    {
        await using var dataSource = NpgsqlDataSource.Create(await CreateDatabaseAsync());
        await RegistrySchema.Migrations.ApplyAsync(dataSource, NullLogger.Instance, _ct);

        // An index on last_seen or lease_expires_at (as a key, an expression or a predicate) would turn every flushed
        // renewal from an in-place (HOT) update into new entries in every index of the table.
        await using var covering = dataSource.CreateCommand("""
            SELECT coalesce(string_agg(DISTINCT c.relname, ', '), '')
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attname IN ('last_seen', 'lease_expires_at')
            WHERE i.indrelid = 'services'::regclass
              AND (a.attnum = ANY (i.indkey)
                OR coalesce(pg_get_expr(i.indexprs, i.indrelid), '') LIKE '%' || a.attname || '%'
                OR coalesce(pg_get_expr(i.indpred, i.indrelid), '') LIKE '%' || a.attname || '%')
            """);
        Assert.Equal("", (string)(await covering.ExecuteScalarAsync(_ct))!);
    }

    [Theory]
    [InlineData("type-7", null, "services_type_name")]
    [InlineData(null, "capability-7", "services_capabilities")]
    public async Task DiscoveryByTypeOrCapabilityReadsAnIndex(string? type, string? capability, string index)
    {
        await using var dataSource = NpgsqlDataSource.Create(await CreateDatabaseAsync());
        await RegistrySchema.Migrations.ApplyAsync(dataSource, NullLogger.Instance, _ct);
        await using (var fill = dataSource.CreateCommand("""
            INSERT INTO services (id, name, type, capabilities, delivery_mode, status, registered, last_seen, lease_expires_at, sweep_after)
            SELECT gen_random_uuid(), 'service-' || i, 'type-' || (i % 100), ARRAY['capability-' || (i % 100)], 'push', 'online',
                   now(), now(), now(), now()
            FROM generate_series(1, 10000) AS i;
            ANALYZE services;
            """))
        {
            await fill.ExecuteNonQueryAsync(_ct);
        }

        await using var connection = await dataSource.OpenConnectionAsync(_ct);
        await using var explain = ServiceStore.ListCommand(new(type, capability, null));
        explain.Connection = connection;
        explain.CommandText = "EXPLAIN " + explain.CommandText;
        var plan = new StringBuilder();
        await using (var reader = await explain.ExecuteReaderAsync(_ct))
        {
            while (await reader.ReadAsync(_ct))
            {
                plan.AppendLine(reader.GetString(0));
            }
        }

        Assert.Contains(index, plan.ToString());
    }

    private async Task<string> CreateDatabaseAsync()
    {
        var database = $"migtest_{Guid.NewGuid():N}";
        await using (var admin = NpgsqlDataSource.Create(graph.PostgresConnectionString))
        await using (var create = admin.CreateCommand($"CREATE DATABASE \"{database}\""))
        {
            await create.ExecuteNonQueryAsync(_ct);
        }

        return new NpgsqlConnectionStringBuilder(graph.PostgresConnectionString) { Database = database }.ConnectionString;
    }
}
