using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pulse.Registry.Storage;

namespace Pulse.Registry.Tests;

public sealed class MigrationTests(GraphFixture graph)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoRegistriesMigratingAtTheSameMomentApplyEachVersionOnce()
    {
        var database = $"migtest_{Guid.NewGuid():N}";
        await using (var admin = NpgsqlDataSource.Create(graph.PostgresConnectionString))
        await using (var create = admin.CreateCommand($"CREATE DATABASE \"{database}\""))
        {
            await create.ExecuteNonQueryAsync(_ct);
        }

        var connectionString = new NpgsqlConnectionStringBuilder(graph.PostgresConnectionString) { Database = database }.ConnectionString;
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
}
