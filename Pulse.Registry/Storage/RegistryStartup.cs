using Pulse.Registry.Liveness;
using Pulse.ServiceDefaults;

namespace Pulse.Registry.Storage;

/// <summary>
/// Runs before the registry serves: applies migrations, grants every online service one lease period of grace when
/// the registry as a whole was down (so its own outage marks nothing offline), and loads the known ids and the change
/// index. "Down" means no heartbeat was recorded for a heartbeat interval: an instance that starts beside running
/// replicas grants nothing, or each replica's restart would postpone every service's going offline (a replica that
/// keeps crashing, for good).
/// </summary>
internal sealed class RegistryStartup(
    RegistryDatabase database,
    LeaseBook leases,
    ChangeIndex changes,
    RegistryInstance instance,
    IOptions<RegistryOptions> options,
    PrincipalSeeder principals,
    PrincipalDirectory keys,
    IOptions<ApiKeyOptions> apiKey,
    IOptions<PrincipalSettings> principalSettings,
    ILogger<SchemaMigrations> migrationLogger,
    ILogger<RegistryStartup> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await RegistrySchema.Migrations.ApplyAsync(database.DataSource, migrationLogger, cancellationToken);
        await principals.SeedAsync(apiKey.Value.ApiKey, principalSettings.Value, cancellationToken);
        await keys.ReloadAsync(cancellationToken);
        Log.PrincipalsSeeded(logger, principalSettings.Value.Principals.Count, keys.Count);

        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        int graced;
        await using (var grace = new Npgsql.NpgsqlCommand(
            """
            UPDATE services SET lease_expires_at = GREATEST(lease_expires_at, @until), sweep_after = GREATEST(lease_expires_at, @until)
            WHERE status = 'online' AND (SELECT max(last_seen) FROM services WHERE status = 'online') < @quiet_since
            """, connection))
        {
            grace.Parameters.AddWithValue("until", database.UtcNow + options.Value.LeasePeriod);
            grace.Parameters.AddWithValue("quiet_since", database.UtcNow - options.Value.HeartbeatInterval);
            graced = await grace.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var load = new Npgsql.NpgsqlCommand("SELECT id, status, lease_expires_at FROM services", connection))
        await using (var reader = await load.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                leases.Set(reader.GetGuid(0), reader.GetString(1) == Services.ServiceStatus.Online, reader.GetDateTime(2));
            }
        }

        var (index, _) = await database.ReadIndexAsync(connection, cancellationToken);
        changes.Reset(index);
        if (graced > 0)
        {
            Log.LeasesExtendedAfterOutage(logger, graced);
        }

        Log.RegistryReady(logger, instance.Name, leases.Count, index);
    }
}
