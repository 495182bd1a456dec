using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pulse.Registry.Services;
using Pulse.Registry.Storage;

namespace Pulse.Registry.Tests;

public sealed class MigrationTests(GraphFixture graph)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoRegistriesMigratingAtTheSameMomentApplyEachVersionOnce()
    {
        var connectionString = await CreateDatabaseAsync();
        await using var first = NpgsqlDataSource.Create(connectionString);
        await using var second = NpgsqlDataSource.Create(connectionString);

        await Task.WhenAll(
            new DatabaseMigrator(first, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(_ct),
            new DatabaseMigrator(second, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(_ct));
        await new DatabaseMigrator(first, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(_ct);

        await using var count = first.CreateCommand("SELECT count(*), count(DISTINCT version) FROM schema_migrations");
        await using var reader = await count.ExecuteReaderAsync(_ct);
        await reader.ReadAsync(_ct);
        Assert.Equal(Migrations.All.Count, reader.GetInt64(0));
        Assert.Equal(Migrations.All.Count, reader.GetInt64(1));
    }

    [Fact]
    public async Task NoIndexOnServicesCoversAColumnTheHeartbeatFlushWrites()
    {
        await using var dataSource = NpgsqlDataSource.Create(await CreateDatabaseAsync());
        await new DatabaseMigrator(dataSource, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(_ct);

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
        await new DatabaseMigrator(dataSource, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(_ct);
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
