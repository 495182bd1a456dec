using Npgsql;

namespace Pilot.Sample.DownloadClients;

/// <summary>The consumer's download clients in its database.</summary>
internal sealed class DownloadClientStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    private const string Columns =
        "id, name, implementation, protocol, url, api_key, delivery_mode, category, priority, enabled, source, status, pulse_id, service_id, updated_at";

    public async Task<IReadOnlyList<DownloadClientRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM download_clients ORDER BY priority, name");
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<DownloadClientRecord?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM download_clients WHERE id = $1");
        command.Parameters.AddWithValue(id);
        return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>Enabled clients not known to be offline, lowest priority number first, ties broken by name.</summary>
    public async Task<IReadOnlyList<DownloadClientRecord>> ListEligibleAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM download_clients WHERE enabled AND status <> 'offline' ORDER BY priority, name");
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<DownloadClientRecord> AddManualAsync(DownloadClientRequest request, CancellationToken cancellationToken)
    {
        var record = new DownloadClientRecord(
            Guid.CreateVersion7(), request.Name!, request.Implementation ?? "haul", request.Protocol ?? "torrent",
            DownloadClientRecord.BaseUrl(request.Url!), request.ApiKey!, "push", request.Category, request.Priority ?? DownloadClientRequest.MinPriority,
            request.Enabled ?? true, DownloadClientRecord.Manual, "unknown", PulseId: null, ServiceId: null, time.GetUtcNow());
        await SaveAsync(record, cancellationToken);
        return record;
    }

    /// <summary>Inserts or replaces an entry, keyed by its id.</summary>
    public async Task SaveAsync(DownloadClientRecord record, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO download_clients ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
            ON CONFLICT (id) DO UPDATE SET name = $2, implementation = $3, protocol = $4, url = $5, api_key = $6,
                delivery_mode = $7, category = $8, priority = $9, enabled = $10, source = $11, status = $12,
                pulse_id = $13, service_id = $14, updated_at = $15
            """);
        foreach (var value in (object?[])[record.Id, record.Name, record.Implementation, record.Protocol, record.Url?.OriginalString, record.ApiKey,
                     record.DeliveryMode, record.Category, record.Priority, record.Enabled, record.Source, record.Status,
                     record.PulseId, record.ServiceId, record.UpdatedAt])
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM download_clients WHERE id = $1");
        command.Parameters.AddWithValue(id);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static async Task<IReadOnlyList<DownloadClientRecord>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var records = new List<DownloadClientRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new DownloadClientRecord(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : new Uri(reader.GetString(4), UriKind.Absolute), reader.GetString(5), reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetInt32(8), reader.GetBoolean(9), reader.GetString(10),
                reader.GetString(11), reader.IsDBNull(12) ? null : reader.GetString(12), reader.IsDBNull(13) ? null : reader.GetString(13),
                reader.GetFieldValue<DateTimeOffset>(14)));
        }

        return records;
    }
}
