using NpgsqlTypes;

namespace Pulse.Registry.Changes;

/// <summary>
/// One write transaction and the events it raises. <see cref="CommitAsync"/> allocates their indexes under the
/// <c>registry_index</c> row lock as the transaction's last statement, so events become visible in index order and
/// no reader of the feed can skip one.
/// </summary>
internal sealed class WriteScope(NpgsqlConnection connection, NpgsqlTransaction transaction, ChangeIndex changes, DateTime now)
    : IAsyncDisposable
{
    private const string AppendSql = """
        WITH allocated AS (
            UPDATE registry_index SET value = value + @count WHERE id = 1 RETURNING value)
        INSERT INTO events (id, type, event_key, timestamp, payload)
        SELECT allocated.value - @count + e.ordinal, e.type, e.event_key, @timestamp, e.payload
        FROM allocated, unnest(@types, @keys, @payloads) WITH ORDINALITY AS e(type, event_key, payload, ordinal)
        RETURNING id
        """;

    private readonly List<(string Type, string Key, string Payload)> _events = [];

    public DateTime Now => now;

    public int EventCount => _events.Count;

    public NpgsqlCommand Command(string sql) => new(sql, connection, transaction);

    /// <summary>Statements sent in one round trip, each with its own snapshot.</summary>
    public NpgsqlBatch Batch(params string[] statements)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        foreach (var sql in statements)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql));
        }

        return batch;
    }

    public void Raise(string type, string key, string payload) => _events.Add((type, key, payload));

    /// <returns>The registry index after the change (the last event's id), or <c>null</c> when nothing changed.</returns>
    public async Task<long?> CommitAsync(CancellationToken cancellationToken)
    {
        if (_events.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return null;
        }

        // The append takes the registry_index row lock, held until the commit: sent in one round trip with the COMMIT,
        // so the lock is never held while this process gets round to sending it, and other writers wait less.
        await using var batch = Batch(AppendSql, "COMMIT");
        var append = batch.BatchCommands[0];
        append.Parameters.AddWithValue("count", (long)_events.Count);
        append.Parameters.AddWithValue("timestamp", now);
        append.Parameters.Add(new NpgsqlParameter("types", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = _events.Select(e => e.Type).ToArray() });
        append.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = _events.Select(e => e.Key).ToArray() });
        append.Parameters.Add(new NpgsqlParameter("payloads", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = _events.Select(e => e.Payload).ToArray() });

        long last = 0;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                last = Math.Max(last, reader.GetInt64(0));
            }
        }

        changes.Advance(last);
        return last;
    }

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
