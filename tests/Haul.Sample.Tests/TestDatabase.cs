using Npgsql;

namespace Haul.Sample.Tests;

/// <summary>A fresh database on a graph's PostgreSQL, and what the schema upgrade tests ask of it.</summary>
internal static class TestDatabase
{
    /// <summary>Creates a database named <paramref name="prefix"/> and a unique suffix; returns its connection string.</summary>
    public static async Task<string> CreateAsync(string adminConnectionString, string prefix, CancellationToken cancellationToken)
    {
        var database = $"{prefix}_{Guid.NewGuid():N}";
        await using (var admin = NpgsqlDataSource.Create(adminConnectionString))
        {
            await ExecuteAsync(admin, $"CREATE DATABASE \"{database}\"", cancellationToken);
        }

        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = database }.ConnectionString;
    }

    public static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The row count of <paramref name="table"/> and a digest of all its rows.</summary>
    public static async Task<(long Rows, string Digest)> DigestAsync(NpgsqlDataSource dataSource, string table, CancellationToken cancellationToken)
    {
        await using var digest = dataSource.CreateCommand($"SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM \"{table}\" t");
        await using var reader = await digest.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetString(1));
    }

    /// <summary>The scripts DbUp's journal lists, in order.</summary>
    public static async Task<string[]> JournalAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var journal = dataSource.CreateCommand("SELECT coalesce(array_agg(scriptname ORDER BY scriptname), '{}') FROM schemaversions");
        return (string[])(await journal.ExecuteScalarAsync(cancellationToken))!;
    }
}
