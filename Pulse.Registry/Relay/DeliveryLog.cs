namespace Pulse.Registry.Relay;

/// <summary>
/// The append-only delivery log of each service. Ids are allocated per service under the
/// <c>relay_streams</c> row lock, held to commit, so deliveries become visible in id order and a tail never skips one.
/// </summary>
internal sealed class DeliveryLog(RegistryDatabase database)
{
    // The most payload one page carries (at least one delivery is always sent).
    private const long PageBytes = 16L * 1024 * 1024;

    private const string AppendSql = """
        WITH allocated AS (
            INSERT INTO relay_streams AS s (service_id, last_delivery, trimmed_up_to) VALUES (@service, 1, 0)
            ON CONFLICT (service_id) DO UPDATE SET last_delivery = s.last_delivery + 1
            RETURNING last_delivery),
        delivery AS (
            INSERT INTO relay_deliveries (service_id, id, message_id, attempt, created_at)
            SELECT @service, last_delivery, @message, @attempt, @now FROM allocated
            RETURNING id),
        notified AS (
            SELECT pg_notify('pulse_relay', @service::text))
        UPDATE relay_messages SET last_delivery = (SELECT id FROM delivery) FROM notified WHERE id = @message
        """;

    private const string ReadSql = """
        SELECT d.id, d.message_id, d.attempt, m.type, m.key, m.status,
            CASE WHEN m.status IN ('pending', 'claimed') THEN m.payload END, d.created_at
        FROM relay_deliveries d JOIN relay_messages m ON m.id = d.message_id
        WHERE d.service_id = @service AND d.id > @after
        ORDER BY d.id LIMIT @limit
        """;

    /// <summary>Appends a delivery of a message (stored or made claimable again in the same transaction).</summary>
    public static async Task AppendAsync(WriteScope scope, Guid serviceId, Guid messageId, int attempt, CancellationToken cancellationToken)
    {
        await using var append = scope.Command(AppendSql);
        append.Parameters.AddWithValue("service", serviceId);
        append.Parameters.AddWithValue("message", messageId);
        append.Parameters.AddWithValue("attempt", attempt);
        append.Parameters.AddWithValue("now", scope.Now);
        await append.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The deliveries after a cursor (<c>0</c>: from the oldest retained). Deliveries of finished messages are passed
    /// over (nobody can claim them), but the next cursor moves past them.
    /// </summary>
    public async Task<LogPage> ReadAfterAsync(Guid serviceId, long after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        long last, trimmedUpTo;
        await using (var head = new NpgsqlCommand("""
            SELECT COALESCE(r.last_delivery, 0), COALESCE(r.trimmed_up_to, 0)
            FROM services s LEFT JOIN relay_streams r ON r.service_id = s.id WHERE s.id = @service
            """, connection))
        {
            head.Parameters.AddWithValue("service", serviceId);
            await using var reader = await head.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return LogPage.NotFound;
            }

            (last, trimmedUpTo) = (reader.GetInt64(0), reader.GetInt64(1));
        }

        var from = after == 0 ? trimmedUpTo : after;
        if (from < trimmedUpTo || from > last)
        {
            return new LogPage(LogPageStatus.Gone, [], from, trimmedUpTo, last);
        }

        var deliveries = new List<DeliveryDto>();
        var cursor = from;
        long bytes = 0;
        while (deliveries.Count == 0)
        {
            var scanned = 0;
            await using var select = new NpgsqlCommand(ReadSql, connection);
            select.Parameters.AddWithValue("service", serviceId);
            select.Parameters.AddWithValue("after", cursor);
            select.Parameters.AddWithValue("limit", limit);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                scanned++;
                if (reader.IsDBNull(6))
                {
                    cursor = reader.GetInt64(0);
                    continue;
                }

                var payload = reader.GetString(6);
                if (deliveries.Count > 0 && bytes + payload.Length > PageBytes)
                {
                    break;
                }

                bytes += payload.Length;
                cursor = reader.GetInt64(0);
                deliveries.Add(new DeliveryDto(
                    cursor.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    reader.GetGuid(1),
                    reader.GetInt32(2),
                    reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    new RawJson(payload),
                    reader.GetDateTime(7)));
            }

            if (scanned < limit)
            {
                break;
            }
        }

        return new LogPage(LogPageStatus.Found, deliveries, cursor, trimmedUpTo, last);
    }
}

internal enum LogPageStatus
{
    Found,
    NotFound,
    Gone,
}

internal sealed record LogPage(LogPageStatus Status, List<DeliveryDto> Deliveries, long Next, long TrimmedUpTo, long Last)
{
    public static readonly LogPage NotFound = new(LogPageStatus.NotFound, [], 0, 0, 0);
}
