namespace Pulse.Registry.Changes;

/// <summary>Opens the registry's write transactions (<see cref="WriteScope"/>) and its read snapshots.</summary>
internal sealed class RegistryDatabase(NpgsqlDataSource dataSource, ChangeIndex changes, TimeProvider time)
{
    public NpgsqlDataSource DataSource => dataSource;

    public DateTime UtcNow => TruncateToMicroseconds(time.GetUtcNow().UtcDateTime);

    public async Task<WriteScope> BeginWriteAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            return new WriteScope(connection, transaction, changes, UtcNow);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>The current registry index as stored, read on a connection of its own.</summary>
    public async Task<long> ReadIndexAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await ReadIndexAsync(connection, cancellationToken)).Value;
    }

    /// <summary>The current registry index as stored.</summary>
    public async Task<(long Value, long TrimmedUpTo)> ReadIndexAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT value, trimmed_up_to FROM registry_index WHERE id = 1", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    // PostgreSQL keeps microseconds: a value that round-trips unchanged compares equal after a read.
    private static DateTime TruncateToMicroseconds(DateTime value) =>
        new(value.Ticks - value.Ticks % 10, DateTimeKind.Utc);
}
