namespace Pulse.Registry.Events;

/// <summary>Reads the outbox (<c>events</c>): the feed's source of truth; Redis only fans it out.</summary>
internal sealed class EventStore(RegistryDatabase database)
{
    /// <summary>
    /// The events after a cursor, read in one snapshot with the index. <c>null</c> reads from now, <c>0</c> from the
    /// oldest retained event; a cursor before the retained window or ahead of the index is gone.
    /// </summary>
    public async Task<FeedPage> ReadAfterAsync(long? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var (index, trimmedUpTo) = await database.ReadIndexAsync(connection, cancellationToken);
        var from = after switch
        {
            null => index,
            0 => trimmedUpTo,
            { } cursor => cursor,
        };
        if (from < trimmedUpTo || from > index)
        {
            return new FeedPage([], from, index, Gone: true);
        }

        var events = new List<EventEnvelope>();
        if (from < index)
        {
            await using var select = new NpgsqlCommand(
                "SELECT id, type, event_key, timestamp, payload FROM events WHERE id > @after ORDER BY id LIMIT @limit",
                connection, transaction);
            select.Parameters.AddWithValue("after", from);
            select.Parameters.AddWithValue("limit", limit);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                events.Add(Read(reader));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new FeedPage(events, from, index, Gone: false);
    }

    /// <summary>Stored events after <paramref name="after"/>, for the Redis publisher: (id, envelope JSON fields).</summary>
    public async Task<List<StoredEvent>> ReadForPublishAsync(long after, int limit, CancellationToken cancellationToken)
    {
        await using var select = database.DataSource.CreateCommand(
            "SELECT id, type, event_key, timestamp, payload FROM events WHERE id > @after ORDER BY id LIMIT @limit");
        select.Parameters.AddWithValue("after", after);
        select.Parameters.AddWithValue("limit", limit);
        var events = new List<StoredEvent>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new StoredEvent(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetDateTime(3), reader.GetString(4)));
        }

        return events;
    }

    private static EventEnvelope Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0).ToString(System.Globalization.CultureInfo.InvariantCulture),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetDateTime(3),
        JsonElement.Parse(reader.GetString(4)));
}

internal sealed record FeedPage(List<EventEnvelope> Events, long From, long Index, bool Gone);

internal sealed record StoredEvent(long Id, string Type, string EventKey, DateTime Timestamp, string Payload);
