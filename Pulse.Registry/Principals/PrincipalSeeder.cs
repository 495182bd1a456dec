namespace Pulse.Registry.Principals;

/// <summary>Seeds the principals and their keys from configuration at start (see <see cref="SeedAsync"/>).</summary>
internal sealed class PrincipalSeeder(RegistryDatabase database, ILogger<PrincipalSeeder> logger)
{
    // An arbitrary constant that names "the principals' seeding" among advisory locks.
    private const long SeedLockKey = 0x50554c5345_02;

    /// <summary>
    /// Upserts the operator and every configured service principal, and adds each configured key whose hash is unknown
    /// while its principal holds fewer than two active keys. A key that was retired stays retired. Instances that
    /// start at once seed one after the other.
    /// </summary>
    public async Task SeedAsync(string operatorKey, PrincipalSettings settings, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await PrincipalStore.Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({SeedLockKey})", cancellationToken);

        var now = database.UtcNow;
        var configured = new List<(Principal Principal, string Key)> { (Principal.Operator, operatorKey) };
        configured.AddRange(settings.Principals.Select(p =>
            (new Principal(p.Key, p.Value.ServiceType!, p.Value.Consumer), p.Value.Key!)));

        foreach (var (principal, key) in configured)
        {
            await using (var upsert = new NpgsqlCommand("""
                INSERT INTO principals (name, service_type, consumer, created_at) VALUES (@name, @type, @consumer, @now)
                ON CONFLICT (name) DO UPDATE SET service_type = excluded.service_type, consumer = excluded.consumer
                """, connection, transaction))
            {
                upsert.Parameters.AddWithValue("name", principal.Name);
                upsert.Parameters.AddWithValue("type", (object?)principal.ServiceType ?? DBNull.Value);
                upsert.Parameters.AddWithValue("consumer", principal.Consumer);
                upsert.Parameters.AddWithValue("now", now);
                await upsert.ExecuteNonQueryAsync(cancellationToken);
            }

            var hash = KeyHash.Of(key).ToBytes();
            await using var known = new NpgsqlCommand(
                "SELECT principal, retired_at IS NOT NULL FROM principal_keys WHERE key_hash = @hash", connection, transaction);
            known.Parameters.AddWithValue("hash", hash);
            await using (var reader = await known.ExecuteReaderAsync(cancellationToken))
            {
                if (await reader.ReadAsync(cancellationToken))
                {
                    var owner = reader.GetString(0);
                    if (owner != principal.Name)
                    {
                        Log.ConfiguredKeyOfAnother(logger, principal.Name);
                    }
                    else if (reader.GetBoolean(1))
                    {
                        Log.ConfiguredKeyRetired(logger, principal.Name);
                    }

                    continue;
                }
            }

            if (await PrincipalStore.CountActiveAsync(connection, transaction, principal.Name, cancellationToken) >= PrincipalStore.MaxActiveKeys)
            {
                Log.ConfiguredKeyNotAdded(logger, principal.Name);
                continue;
            }

            var id = await PrincipalStore.InsertKeyAsync(connection, transaction, principal.Name, hash, now, cancellationToken);
            Log.KeyAdded(logger, principal.Name, id, "configuration");
        }

        await PrincipalStore.Execute(connection, transaction, PrincipalStore.BumpSql, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
