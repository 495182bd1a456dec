using System.Reflection;
using System.Runtime.ExceptionServices;
using DbUp;
using DbUp.Builder;
using DbUp.Engine;
using DbUp.Postgresql;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Pulse.ServiceDefaults;

/// <summary>
/// A service's schema as DbUp scripts: the <c>.sql</c> files embedded in <see cref="Scripts"/>, applied in the order of
/// their names (<c>0001_...sql</c>, <c>0002_...sql</c>), each once and each in a transaction of its own together with its
/// row in DbUp's journal table, <see cref="JournalTable"/>.
/// </summary>
/// <param name="Scripts">The assembly whose embedded <c>.sql</c> resources are the scripts.</param>
/// <param name="LockKey">The PostgreSQL advisory lock key that names this schema.</param>
/// <param name="LegacyVersionTable">
/// The table in which an earlier, hand-written migrator recorded one row per applied version (an integer
/// <c>version</c> column, versions 1, 2, ... in the order of the scripts), if the service had one.
/// </param>
public sealed record SchemaMigrations(Assembly Scripts, long LockKey, string? LegacyVersionTable = null)
{
    /// <summary>DbUp's journal: one row per applied script, named by its embedded resource.</summary>
    public const string JournalTable = "schemaversions";

    /// <summary>Applies the scripts that the journal does not list yet.</summary>
    /// <param name="dataSource">The service's data source: DbUp connects through it, so it never sees a connection string.</param>
    /// <param name="logger">Where DbUp logs each step.</param>
    /// <param name="cancellationToken">Stops the wait for another instance's migration.</param>
    public async Task ApplyAsync(NpgsqlDataSource dataSource, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);

        // A session-level advisory lock serialises instances that start at the same moment: the second waits, then finds
        // every script journalled (CREATE ... IF NOT EXISTS alone can still collide in the catalog). It is held on a
        // connection of its own while DbUp works on another; a process that dies ends its session and so frees it.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, "SELECT pg_advisory_lock(@key)", cancellationToken);
        try
        {
            // Adoption of a database migrated by the earlier migrator, once, before DbUp has a journal: the versions it
            // recorded are the first scripts, so those are journalled without running again, in one transaction (all or
            // none), and the upgrade below runs only the newer ones. The old table stays, so a rolled-back build still
            // finds its versions.
            var adopted = await LegacyVersionAsync(connection, cancellationToken);
            if (adopted > 0)
            {
                var legacy = ScriptNames().Take(adopted).ToHashSet(StringComparer.Ordinal);
                Check(Engine(dataSource, logger, legacy.Contains).WithTransaction().Build().MarkAsExecuted());
            }

            Check(Engine(dataSource, logger, IsScript).WithTransactionPerScript().Build().PerformUpgrade());
        }
        finally
        {
            await ExecuteAsync(connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None);
        }
    }

    private UpgradeEngineBuilder Engine(NpgsqlDataSource dataSource, ILogger logger, Func<string, bool> scripts) =>
        DeployChanges.To.PostgresqlDatabase(new PostgresqlConnectionManager(dataSource))
            .WithScriptsEmbeddedInAssembly(Scripts, scripts)
            .JournalToPostgresqlTable("public", JournalTable)
            .WithVariablesDisabled()
            .LogTo(logger);

    private IEnumerable<string> ScriptNames() =>
        Scripts.GetManifestResourceNames().Where(IsScript).Order(StringComparer.Ordinal);

    private static bool IsScript(string resource) => resource.EndsWith(".sql", StringComparison.OrdinalIgnoreCase);

    private async Task<int> LegacyVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (LegacyVersionTable is null)
        {
            return 0;
        }

        await using (var exists = new NpgsqlCommand(
            "SELECT to_regclass(@journal) IS NULL AND to_regclass(@legacy) IS NOT NULL", connection))
        {
            exists.Parameters.AddWithValue("journal", $"public.{JournalTable}");
            exists.Parameters.AddWithValue("legacy", LegacyVersionTable);
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                return 0;
            }
        }

        await using var version = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {LegacyVersionTable}", connection);
        return (int)(await version.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("key", LockKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // DbUp reports a failure as a result; rethrown as it was, a transient one is retried by DatabaseStartup.
    private static void Check(DatabaseUpgradeResult result)
    {
        if (!result.Successful)
        {
            ExceptionDispatchInfo.Throw(result.Error);
        }
    }
}
