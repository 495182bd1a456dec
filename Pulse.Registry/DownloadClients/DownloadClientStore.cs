namespace Pulse.Registry.DownloadClients;

/// <summary>Download-client entries: reads of all of them, and the manual entries' writes.</summary>
internal sealed class DownloadClientStore(RegistryDatabase database, DownloadClientSync sync)
{
    private const string SelectById = $"SELECT {DownloadClientRecord.Columns} FROM {DownloadClientRecord.From} WHERE d.id = @id";

    public async Task<(List<DownloadClientRecord> Entries, long Index)> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var (index, _) = await database.ReadIndexAsync(connection, cancellationToken);
        await using var select = new NpgsqlCommand(
            $"SELECT {DownloadClientRecord.Columns} FROM {DownloadClientRecord.From} ORDER BY d.priority, d.name", connection, transaction);
        var entries = new List<DownloadClientRecord>();
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                entries.Add(DownloadClientRecord.Read(reader));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return (entries, index);
    }

    public async Task<DownloadClientRecord?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var select = database.DataSource.CreateCommand(SelectById);
        return await ReadOneAsync(select, id, cancellationToken);
    }

    public async Task<DownloadClientRecord> CreateAsync(DownloadClientRequest request, CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        var id = Guid.CreateVersion7();
        await using (var insert = scope.Command("""
            INSERT INTO download_clients (id, service_id, name, kind, protocol, enabled, priority, host, port, use_ssl,
                url_base, api_url, delivery_mode, username, password, category, directory, settings, created_at, updated_at)
            VALUES (@id, NULL, @name, @kind, @protocol, @enabled, @priority, @host, @port, @use_ssl,
                NULL, @api_url, 'push', @username, @password, @category, @directory, @settings, @now, @now)
            """))
        {
            insert.Parameters.AddWithValue("id", id);
            AddManualFields(insert, request, scope.Now);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        var entry = await RaiseAsync(scope, EventTypes.DownloadClientCreated, id, cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return entry;
    }

    /// <summary>Replaces a manual entry; on an entry a service owns, changes only the fields the user sets.</summary>
    public async Task<DownloadClientRecord?> UpdateAsync(
        Guid id, DownloadClientRequest? manual, OwnedDownloadClientUpdate? owned, CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        var existing = await LockAsync(scope, id, cancellationToken);
        if (existing is null)
        {
            return null;
        }

        if (manual is not null && existing.ServiceId is null)
        {
            await using var update = scope.Command("""
                UPDATE download_clients SET name = @name, kind = @kind, protocol = @protocol, enabled = @enabled,
                    priority = @priority, host = @host, port = @port, use_ssl = @use_ssl, api_url = @api_url,
                    username = @username, password = @password, category = @category, directory = @directory,
                    settings = @settings, updated_at = @now
                WHERE id = @id
                """);
            update.Parameters.AddWithValue("id", id);
            AddManualFields(update, manual, scope.Now);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        else if (owned is not null && existing.ServiceId is not null)
        {
            await using var update = scope.Command("""
                UPDATE download_clients SET enabled = COALESCE(@enabled, enabled), priority = COALESCE(@priority, priority),
                    category = @category, directory = @directory, updated_at = @now
                WHERE id = @id
                """);
            update.Parameters.AddWithValue("id", id);
            update.Parameters.AddWithValue("enabled", (object?)owned.Enabled ?? DBNull.Value);
            update.Parameters.AddWithValue("priority", (object?)owned.Priority ?? DBNull.Value);
            update.Parameters.AddWithValue("category", (object?)owned.Category ?? DBNull.Value);
            update.Parameters.AddWithValue("directory", (object?)owned.Directory ?? DBNull.Value);
            update.Parameters.AddWithValue("now", scope.Now);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        else
        {
            return existing;
        }

        var entry = await RaiseAsync(scope, EventTypes.DownloadClientUpdated, id, cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return entry;
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        if (await LockAsync(scope, id, cancellationToken) is not { } existing)
        {
            return false;
        }

        await using (var delete = scope.Command("DELETE FROM download_clients WHERE id = @id"))
        {
            delete.Parameters.AddWithValue("id", id);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        scope.Raise(EventTypes.DownloadClientDeleted, EventTypes.DownloadClientKey(id), sync.Payload(existing));
        await scope.CommitAsync(cancellationToken);
        return true;
    }

    private async Task<DownloadClientRecord> RaiseAsync(WriteScope scope, string type, Guid id, CancellationToken cancellationToken)
    {
        var entry = await ReadAsync(scope, id, forUpdate: false, cancellationToken)
            ?? throw new InvalidOperationException("The download-client entry vanished inside its own transaction.");
        scope.Raise(type, EventTypes.DownloadClientKey(id), sync.Payload(entry));
        return entry;
    }

    private static Task<DownloadClientRecord?> LockAsync(WriteScope scope, Guid id, CancellationToken cancellationToken) =>
        ReadAsync(scope, id, forUpdate: true, cancellationToken);

    private static async Task<DownloadClientRecord?> ReadAsync(WriteScope scope, Guid id, bool forUpdate, CancellationToken cancellationToken)
    {
        await using var select = scope.Command(SelectById + (forUpdate ? " FOR UPDATE OF d" : ""));
        return await ReadOneAsync(select, id, cancellationToken);
    }

    private static async Task<DownloadClientRecord?> ReadOneAsync(NpgsqlCommand select, Guid id, CancellationToken cancellationToken)
    {
        select.Parameters.AddWithValue("id", id);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? DownloadClientRecord.Read(reader) : null;
    }

    private static void AddManualFields(NpgsqlCommand command, DownloadClientRequest request, DateTime now)
    {
        var useSsl = request.UseSsl ?? false;
        command.Parameters.AddWithValue("name", request.Name!);
        command.Parameters.AddWithValue("kind", request.Kind!);
        command.Parameters.AddWithValue("protocol", request.Protocol ?? DownloadClientProtocols.Torrent);
        command.Parameters.AddWithValue("enabled", request.Enabled ?? true);
        command.Parameters.AddWithValue("priority", request.Priority ?? 1);
        command.Parameters.AddWithValue("host", request.Host!);
        command.Parameters.AddWithValue("port", request.Port!.Value);
        command.Parameters.AddWithValue("use_ssl", useSsl);
        command.Parameters.AddWithValue("api_url", DownloadClientUrl.Of(request.Host!, request.Port!.Value, useSsl).ToString());
        command.Parameters.AddWithValue("username", (object?)request.Username ?? DBNull.Value);
        command.Parameters.AddWithValue("password", (object?)request.Password ?? DBNull.Value);
        command.Parameters.AddWithValue("category", (object?)request.Category ?? DBNull.Value);
        command.Parameters.AddWithValue("directory", (object?)request.Directory ?? DBNull.Value);
        command.Parameters.AddWithValue("settings", (object?)request.SettingsText ?? DBNull.Value);
        command.Parameters.AddWithValue("now", now);
    }
}
