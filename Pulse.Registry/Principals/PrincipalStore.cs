using System.Security.Cryptography;

namespace Pulse.Registry.Principals;

/// <summary>
/// Principals and their key hashes in <c>registrydb</c>. Every change moves <c>principal_index</c> in the same
/// transaction, which every instance polls to reload its key cache.
/// </summary>
internal sealed class PrincipalStore(RegistryDatabase database)
{
    /// <summary>How many keys a principal may hold at once: the one in use and the one it moves to.</summary>
    public const int MaxActiveKeys = 2;

    internal const string BumpSql = "UPDATE principal_index SET value = value + 1 WHERE id = 1";

    /// <summary>Every active key's hash with its principal, and the change counter they reflect (one snapshot).</summary>
    public async Task<(Dictionary<KeyHash, Principal> Keys, long Version)> LoadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var version = await ReadVersionAsync(connection, transaction, cancellationToken);
        var keys = new Dictionary<KeyHash, Principal>();
        var principals = new Dictionary<string, Principal>(StringComparer.Ordinal);
        await using (var select = new NpgsqlCommand("""
            SELECT p.name, p.service_type, p.consumer, k.key_hash
            FROM principal_keys k JOIN principals p ON p.name = k.principal
            WHERE k.retired_at IS NULL
            """, connection, transaction))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var name = reader.GetString(0);
                if (!principals.TryGetValue(name, out var principal))
                {
                    principal = reader.IsDBNull(1)
                        ? new Principal(name, null, false)
                        : new Principal(name, reader.GetString(1), reader.GetBoolean(2));
                    principals[name] = principal;
                }

                keys[KeyHash.FromBytes((byte[])reader[3])] = principal;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return (keys, version);
    }

    public async Task<long> ReadVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        return await ReadVersionAsync(connection, null, cancellationToken);
    }

    /// <summary>Every principal (the operator first), or the one named <paramref name="name"/>, with its keys' ids and dates.</summary>
    public async Task<List<PrincipalDto>> ListAsync(string? name, CancellationToken cancellationToken)
    {
        await using var select = database.DataSource.CreateCommand($"""
            SELECT p.name, p.service_type, p.consumer, k.id, k.created_at, k.retired_at
            FROM principals p LEFT JOIN principal_keys k ON k.principal = p.name
            {(name is null ? "" : "WHERE p.name = @name")}
            ORDER BY p.service_type IS NOT NULL, p.name, k.created_at, k.id
            """);
        if (name is not null)
        {
            select.Parameters.AddWithValue("name", name);
        }

        var principals = new List<PrincipalDto>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var principal = reader.GetString(0);
            if (principals.Count == 0 || principals[^1].Name != principal)
            {
                var type = reader.IsDBNull(1) ? null : reader.GetString(1);
                principals.Add(new PrincipalDto(principal, type is null ? "operator" : "service", type, reader.GetBoolean(2), []));
            }

            if (!reader.IsDBNull(3))
            {
                principals[^1].Keys.Add(new PrincipalKeyDto(reader.GetGuid(3).ToString(), reader.GetDateTime(4),
                    reader.IsDBNull(5) ? null : reader.GetDateTime(5)));
            }
        }

        return principals;
    }

    /// <summary>Adds a service principal, or changes its type or consumer scope; <c>true</c> if it is new.</summary>
    public async Task<bool> PutAsync(Principal principal, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        bool created;
        await using (var upsert = new NpgsqlCommand("""
            INSERT INTO principals (name, service_type, consumer, created_at) VALUES (@name, @type, @consumer, @now)
            ON CONFLICT (name) DO UPDATE SET service_type = excluded.service_type, consumer = excluded.consumer
            WHERE principals.service_type IS NOT NULL
            RETURNING xmax = 0
            """, connection, transaction))
        {
            upsert.Parameters.AddWithValue("name", principal.Name);
            upsert.Parameters.AddWithValue("type", principal.ServiceType!);
            upsert.Parameters.AddWithValue("consumer", principal.Consumer);
            upsert.Parameters.AddWithValue("now", database.UtcNow);
            created = await upsert.ExecuteScalarAsync(cancellationToken) is true;
        }

        await Execute(connection, transaction, BumpSql, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return created;
    }

    /// <summary>Adds a key (its hash) to a principal that holds fewer than two active keys.</summary>
    public async Task<(KeyChange Outcome, PrincipalKeyDto? Key)> AddKeyAsync(string name, string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await LockPrincipalAsync(connection, transaction, name, cancellationToken))
        {
            return (KeyChange.UnknownPrincipal, null);
        }

        if (await CountActiveAsync(connection, transaction, name, cancellationToken) >= MaxActiveKeys)
        {
            return (KeyChange.Full, null);
        }

        var hash = KeyHash.Of(key).ToBytes();
        await using (var taken = new NpgsqlCommand("SELECT 1 FROM principal_keys WHERE key_hash = @hash", connection, transaction))
        {
            taken.Parameters.AddWithValue("hash", hash);
            if (await taken.ExecuteScalarAsync(cancellationToken) is not null)
            {
                return (KeyChange.KeyTaken, null);
            }
        }

        var now = database.UtcNow;
        var id = await InsertKeyAsync(connection, transaction, name, hash, now, cancellationToken);
        await Execute(connection, transaction, BumpSql, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (KeyChange.Done, new PrincipalKeyDto(id.ToString(), now, null));
    }

    /// <summary>Retires a key: it stops working on every instance. The operator's last active key cannot be retired.</summary>
    public async Task<KeyChange> RetireKeyAsync(string name, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await LockPrincipalAsync(connection, transaction, name, cancellationToken))
        {
            return KeyChange.UnknownPrincipal;
        }

        bool retired;
        await using (var select = new NpgsqlCommand(
            "SELECT retired_at IS NOT NULL FROM principal_keys WHERE id = @id AND principal = @name", connection, transaction))
        {
            select.Parameters.AddWithValue("id", id);
            select.Parameters.AddWithValue("name", name);
            if (await select.ExecuteScalarAsync(cancellationToken) is not bool found)
            {
                return KeyChange.UnknownKey;
            }

            retired = found;
        }

        if (retired)
        {
            return KeyChange.Done;
        }

        if (name == Principal.OperatorName && await CountActiveAsync(connection, transaction, name, cancellationToken) <= 1)
        {
            return KeyChange.LastOperatorKey;
        }

        await using (var retire = new NpgsqlCommand("UPDATE principal_keys SET retired_at = @now WHERE id = @id", connection, transaction))
        {
            retire.Parameters.AddWithValue("id", id);
            retire.Parameters.AddWithValue("now", database.UtcNow);
            await retire.ExecuteNonQueryAsync(cancellationToken);
        }

        await Execute(connection, transaction, BumpSql, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return KeyChange.Done;
    }

    /// <summary>Moves the change counter inside another write (a service's removal: its id stops granting its scope).</summary>
    public static async Task BumpAsync(WriteScope scope, CancellationToken cancellationToken)
    {
        await using var bump = scope.Command(BumpSql);
        await bump.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A new random key: 32 bytes from the system's cryptographic generator, as 64 hex characters.</summary>
    public static string NewKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    internal static async Task<Guid> InsertKeyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string name, byte[] hash, DateTime now, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        await using var insert = new NpgsqlCommand(
            "INSERT INTO principal_keys (id, principal, key_hash, created_at) VALUES (@id, @name, @hash, @now)", connection, transaction);
        insert.Parameters.AddWithValue("id", id);
        insert.Parameters.AddWithValue("name", name);
        insert.Parameters.AddWithValue("hash", hash);
        insert.Parameters.AddWithValue("now", now);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return id;
    }

    private static async Task<bool> LockPrincipalAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string name, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand("SELECT 1 FROM principals WHERE name = @name FOR UPDATE", connection, transaction);
        select.Parameters.AddWithValue("name", name);
        return await select.ExecuteScalarAsync(cancellationToken) is not null;
    }

    internal static async Task<long> CountActiveAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string name, CancellationToken cancellationToken)
    {
        await using var count = new NpgsqlCommand(
            "SELECT count(*) FROM principal_keys WHERE principal = @name AND retired_at IS NULL", connection, transaction);
        count.Parameters.AddWithValue("name", name);
        return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<long> ReadVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand("SELECT value FROM principal_index WHERE id = 1", connection, transaction);
        return (long)(await select.ExecuteScalarAsync(cancellationToken))!;
    }

    internal static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>The outcome of adding or retiring a key.</summary>
internal enum KeyChange
{
    Done,
    UnknownPrincipal,
    UnknownKey,
    Full,
    KeyTaken,
    LastOperatorKey,
}
