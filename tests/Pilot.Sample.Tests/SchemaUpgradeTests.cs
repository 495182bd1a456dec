using Haul.Sample.Tests;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pilot.Sample.Storage;
using Pulse.ServiceDefaults;

namespace Pilot.Sample.Tests;

// Before DbUp, Pilot ran its one IF NOT EXISTS script at every start and recorded no version; the script now runs once
// more on such a database, creates only what is missing, and is journalled.
[Collection(StackCollection.Name)]
public sealed class SchemaUpgradeTests(StackFixture stack)
{
    // Added to the script after the first release of Pilot.
    private const string QueuedIndex = "CREATE INDEX IF NOT EXISTS grabs_queued ON grabs (created_at) WHERE status = 'queued';";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Script => typeof(PilotSchema).Assembly.GetManifestResourceNames().Single(name => name.EndsWith(".sql", StringComparison.Ordinal));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ADatabaseOfTheHandWrittenStartUpIsUpgradedInPlaceWithEveryRowKept(bool lastLayout)
    {
        var admin = await stack.Graph.ConnectionStringAsync(PulseResources.PilotDatabase, Ct);
        await using var dataSource = NpgsqlDataSource.Create(await TestDatabase.CreateAsync(admin, "pilot_upgrade", Ct));
        using (var reader = new StreamReader(typeof(PilotSchema).Assembly.GetManifestResourceStream(Script)!))
        {
            var sql = await reader.ReadToEndAsync(Ct);
            Assert.Contains(QueuedIndex, sql);
            await TestDatabase.ExecuteAsync(dataSource, lastLayout ? sql : sql.Replace(QueuedIndex, "", StringComparison.Ordinal), Ct);
        }

        await TestDatabase.ExecuteAsync(dataSource, """
            INSERT INTO download_clients (id, name, implementation, protocol, url, api_key, delivery_mode, priority, enabled, source, status, updated_at)
            SELECT gen_random_uuid(), 'client-' || i, 'haul', 'torrent', 'http://127.0.0.1:' || (9000 + i), 'key-' || i, 'push', 1, true, 'manual', 'ok', now()
            FROM generate_series(1, 3) AS i;
            INSERT INTO grabs (id, title, uri, status, created_at, updated_at)
            SELECT gen_random_uuid(), 'grab-' || i, 'magnet:?xt=urn:btih:' || i, CASE WHEN i % 2 = 0 THEN 'queued' ELSE 'sent' END, now(), now()
            FROM generate_series(1, 12) AS i;
            """, Ct);
        var before = (await TestDatabase.DigestAsync(dataSource, "download_clients", Ct), await TestDatabase.DigestAsync(dataSource, "grabs", Ct));

        await PilotSchema.Migrations.ApplyAsync(dataSource, NullLogger.Instance, Ct);

        Assert.Equal(before, (await TestDatabase.DigestAsync(dataSource, "download_clients", Ct), await TestDatabase.DigestAsync(dataSource, "grabs", Ct)));
        Assert.Equal((3L, 12L), (before.Item1.Rows, before.Item2.Rows));
        await using (var index = dataSource.CreateCommand("SELECT to_regclass('grabs_queued') IS NOT NULL"))
        {
            Assert.True((bool)(await index.ExecuteScalarAsync(Ct))!);
        }

        Assert.Equal([Script], await TestDatabase.JournalAsync(dataSource, Ct));
    }
}
