using Npgsql;

namespace Pilot.Sample.Grabs;

/// <summary>The consumer's grabs in its database.</summary>
internal sealed class GrabStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    private const string Columns = "id, title, uri, category, status, info_hash, download_client, message_id, reason, created_at, updated_at";

    public async Task<GrabRecord> AddPendingAsync(Guid id, GrabRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var grab = new GrabRecord(id, request.Title!, request.Uri!, request.Category, GrabRecord.Pending,
            InfoHash: null, DownloadClient: null, MessageId: null, Reason: null, now, now);
        await using var command = dataSource.CreateCommand($"INSERT INTO grabs ({Columns}) VALUES ($1, $2, $3, $4, $5, NULL, NULL, NULL, NULL, $6, $6)");
        command.Parameters.AddWithValue(grab.Id);
        command.Parameters.AddWithValue(grab.Title);
        command.Parameters.AddWithValue(grab.Uri);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)grab.Category ?? DBNull.Value });
        command.Parameters.AddWithValue(grab.Status);
        command.Parameters.AddWithValue(now);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return grab;
    }

    /// <summary>
    /// Records the download client a pending grab goes to, before it is sent: a grab whose answer never came is then
    /// asked about on that client.
    /// </summary>
    public async Task<GrabRecord> AssignAsync(GrabRecord grab, string downloadClient, CancellationToken cancellationToken)
    {
        var assigned = grab with { DownloadClient = downloadClient, UpdatedAt = time.GetUtcNow() };
        await using var command = dataSource.CreateCommand("UPDATE grabs SET download_client = $2, updated_at = $3 WHERE id = $1");
        command.Parameters.AddWithValue(assigned.Id);
        command.Parameters.AddWithValue(downloadClient);
        command.Parameters.AddWithValue(assigned.UpdatedAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return assigned;
    }

    /// <summary>
    /// Records how a grab ended (or moved on), and returns it as stored. This write need not wait for the disk
    /// (<c>synchronous_commit = off</c>): if it is lost in a crash the grab is still <c>pending</c> and is asked about
    /// (or sent again) after the start, which Haul's idempotency by the grab's id makes harmless. The <c>pending</c> row
    /// itself is written durably.
    /// </summary>
    public async Task<GrabRecord> FinishAsync(
        GrabRecord grab, string status, string? downloadClient, string? infoHash, string? reason, CancellationToken cancellationToken)
    {
        var finished = grab with
        {
            Status = status,
            DownloadClient = downloadClient,
            InfoHash = infoHash,
            Reason = reason,
            UpdatedAt = time.GetUtcNow(),
        };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var relaxed = new NpgsqlCommand("SET LOCAL synchronous_commit = off", connection, transaction))
        {
            await relaxed.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = new NpgsqlCommand(
            "UPDATE grabs SET status = $2, download_client = $3, info_hash = $4, reason = $5, updated_at = $6 WHERE id = $1",
            connection,
            transaction);
        foreach (var value in (object?[])[finished.Id, finished.Status, finished.DownloadClient, finished.InfoHash, finished.Reason, finished.UpdatedAt])
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return finished;
    }

    /// <summary>Records a grab handed to the relay: <c>queued</c>, with the registry's message id.</summary>
    public async Task<GrabRecord> QueueAsync(GrabRecord grab, string downloadClient, string messageId, CancellationToken cancellationToken)
    {
        var queued = grab with
        {
            Status = GrabRecord.Queued, DownloadClient = downloadClient, MessageId = messageId, Reason = null, UpdatedAt = time.GetUtcNow(),
        };
        await using var command = dataSource.CreateCommand(
            "UPDATE grabs SET status = $2, download_client = $3, message_id = $4, reason = NULL, updated_at = $5 WHERE id = $1");
        foreach (var value in (object[])[queued.Id, queued.Status, downloadClient, messageId, queued.UpdatedAt])
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
        return queued;
    }

    public Task<IReadOnlyList<GrabRecord>> ListQueuedAsync(CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM grabs WHERE status = 'queued' ORDER BY created_at LIMIT 500", cancellationToken);

    public Task<IReadOnlyList<GrabRecord>> ListAsync(int limit, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM grabs ORDER BY created_at DESC, id DESC LIMIT {limit}", cancellationToken);

    public Task<IReadOnlyList<GrabRecord>> ListPendingAsync(CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM grabs WHERE status = 'pending' ORDER BY created_at LIMIT 500", cancellationToken);

    public async Task<GrabRecord?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {Columns} FROM grabs WHERE id = $1", cancellationToken, id)).FirstOrDefault();

    private async Task<IReadOnlyList<GrabRecord>> QueryAsync(string sql, CancellationToken cancellationToken, object? parameter = null)
    {
        await using var command = dataSource.CreateCommand(sql);
        if (parameter is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var grabs = new List<GrabRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            grabs.Add(new GrabRecord(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.GetFieldValue<DateTimeOffset>(9), reader.GetFieldValue<DateTimeOffset>(10)));
        }

        return grabs;
    }
}
