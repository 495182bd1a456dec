using System.Text.Json;
using Haul.Sample.Torrents.Sources;
using Npgsql;
using NpgsqlTypes;

namespace Haul.Sample.Torrents;

/// <summary>
/// Torrents in <c>hauldb</c>, and the idempotency keys they were added under: short-lived connections, every query by
/// primary key or by the added_at index.
/// </summary>
internal sealed class TorrentStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "info_hash, name, category, save_path, tags, size, downloaded, running_since, metadata, added_at";

    /// <summary>
    /// Adds the torrent unless its info hash is known; either way returns the stored one. With an idempotency key, the
    /// key is stored with the torrent in the same transaction; if the key already names a torrent, that one is returned.
    /// </summary>
    public async Task<(TorrentRecord Torrent, bool Created)> AddAsync(
        ResolvedTorrent torrent, AddTorrentRequest request, string? idempotencyKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (idempotencyKey is null)
        {
            return await InsertAsync(connection, torrent, request, now, cancellationToken);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (stored, created) = await InsertAsync(connection, torrent, request, now, cancellationToken);
        var keyed = await RememberKeyAsync(connection, idempotencyKey, stored.InfoHash, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return keyed == stored.InfoHash ? (stored, created) : (await GetAsync(connection, keyed, cancellationToken) ?? stored, false);
    }

    /// <summary>The torrent an earlier add stored under this idempotency key, or null.</summary>
    public async Task<TorrentRecord?> GetByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM torrent_idempotency_keys JOIN torrents USING (info_hash) WHERE key = $1");
        command.Parameters.Add(new() { Value = idempotencyKey });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static async Task<(TorrentRecord Torrent, bool Created)> InsertAsync(
        NpgsqlConnection connection, ResolvedTorrent torrent, AddTorrentRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using (var insert = new NpgsqlCommand($"""
            INSERT INTO torrents ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, $9)
            ON CONFLICT (info_hash) DO NOTHING
            RETURNING {Columns}
            """, connection))
        {
            insert.Parameters.Add(new() { Value = torrent.InfoHash });
            insert.Parameters.Add(new() { Value = torrent.Name });
            insert.Parameters.Add(new() { Value = (object?)request.Category ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            insert.Parameters.Add(new() { Value = (object?)request.SavePath ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            insert.Parameters.Add(new() { Value = request.Tags?.ToArray() ?? [], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.Add(new() { Value = torrent.Size });
            insert.Parameters.Add(new() { Value = request.Paused ? DBNull.Value : now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            insert.Parameters.Add(new() { Value = request.Metadata is { } m ? m.GetRawText() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb });
            insert.Parameters.Add(new() { Value = now });
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                return (Read(reader), true);
            }
        }

        return (await GetAsync(connection, torrent.InfoHash, cancellationToken)
            ?? throw new InvalidOperationException("A torrent vanished between its insert and its read."), false);
    }

    // Stores the key for this torrent, unless a concurrent add stored it first (it waits for that one to commit): either
    // way answers the info hash the key names.
    private static async Task<string> RememberKeyAsync(
        NpgsqlConnection connection, string idempotencyKey, string infoHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO torrent_idempotency_keys (key, info_hash, created_at) VALUES ($1, $2, $3)
            ON CONFLICT (key) DO NOTHING
            RETURNING info_hash
            """, connection))
        {
            insert.Parameters.Add(new() { Value = idempotencyKey });
            insert.Parameters.Add(new() { Value = infoHash });
            insert.Parameters.Add(new() { Value = now });
            if (await insert.ExecuteScalarAsync(cancellationToken) is string inserted)
            {
                return inserted;
            }
        }

        await using var select = new NpgsqlCommand("SELECT info_hash FROM torrent_idempotency_keys WHERE key = $1", connection);
        select.Parameters.Add(new() { Value = idempotencyKey });
        return (string?)await select.ExecuteScalarAsync(cancellationToken) ?? infoHash;
    }

    public async Task<List<TorrentRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM torrents ORDER BY added_at DESC, info_hash");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var torrents = new List<TorrentRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            torrents.Add(Read(reader));
        }

        return torrents;
    }

    public async Task<TorrentRecord?> GetAsync(string infoHash, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await GetAsync(connection, infoHash, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string infoHash, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM torrents WHERE info_hash = $1");
        command.Parameters.Add(new() { Value = infoHash });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Pauses (keeping the bytes moved so far) or resumes a torrent; null if unknown.</summary>
    public async Task<TorrentRecord?> SetRunningAsync(string infoHash, bool running, DateTimeOffset now, long rate, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var torrent = await GetAsync(connection, infoHash, cancellationToken, forUpdate: true);
        if (torrent is null || (torrent.RunningSince is not null) == running)
        {
            return torrent;
        }

        await using (var update = new NpgsqlCommand("UPDATE torrents SET downloaded = $2, running_since = $3 WHERE info_hash = $1", connection, transaction))
        {
            update.Parameters.Add(new() { Value = infoHash });
            update.Parameters.Add(new() { Value = torrent.DownloadedAt(now, rate) });
            update.Parameters.Add(new() { Value = running ? now : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return torrent with { Downloaded = torrent.DownloadedAt(now, rate), RunningSince = running ? now : null };
    }

    private static async Task<TorrentRecord?> GetAsync(NpgsqlConnection connection, string infoHash, CancellationToken cancellationToken, bool forUpdate = false)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {Columns} FROM torrents WHERE info_hash = $1{(forUpdate ? " FOR UPDATE" : "")}", connection);
        command.Parameters.Add(new() { Value = infoHash });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static TorrentRecord Read(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.GetFieldValue<string[]>(4),
        reader.GetInt64(5),
        reader.GetInt64(6),
        reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
        reader.IsDBNull(8) ? null : ParseJson(reader.GetString(8)),
        reader.GetFieldValue<DateTimeOffset>(9));

    private static JsonElement ParseJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
