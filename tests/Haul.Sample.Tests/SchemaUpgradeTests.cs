using Haul.Sample.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pulse.ServiceDefaults;

namespace Haul.Sample.Tests;

// Before DbUp, Haul ran its one IF NOT EXISTS script at every start and recorded no version; the script now runs once
// more on such a database, creates only what is missing, and is journalled.
[Collection(HaulGraphCollection.Name)]
public sealed class SchemaUpgradeTests(HaulGraphFixture graph)
{
    private const string FirstRelease = """
        CREATE TABLE torrents (
            info_hash     text PRIMARY KEY CHECK (info_hash ~ '^[0-9a-f]{40}$'),
            name          text NOT NULL,
            category      text,
            save_path     text,
            tags          text[] NOT NULL DEFAULT '{}',
            size          bigint NOT NULL CHECK (size >= 0),
            downloaded    bigint NOT NULL DEFAULT 0,
            running_since timestamptz,
            metadata      jsonb,
            added_at      timestamptz NOT NULL
        );
        CREATE INDEX torrents_added_at ON torrents (added_at DESC, info_hash);
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Script => typeof(HaulSchema).Assembly.GetManifestResourceNames().Single(name => name.EndsWith(".sql", StringComparison.Ordinal));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ADatabaseOfTheHandWrittenStartUpIsUpgradedInPlaceWithEveryRowKept(bool lastLayout)
    {
        var admin = await graph.Graph.ConnectionStringAsync(PulseResources.HaulDatabase, Ct);
        await using var dataSource = NpgsqlDataSource.Create(await TestDatabase.CreateAsync(admin, "haul_upgrade", Ct));
        using (var reader = new StreamReader(typeof(HaulSchema).Assembly.GetManifestResourceStream(Script)!))
        {
            await TestDatabase.ExecuteAsync(dataSource, lastLayout ? await reader.ReadToEndAsync(Ct) : FirstRelease, Ct);
        }

        await TestDatabase.ExecuteAsync(dataSource, """
            INSERT INTO torrents (info_hash, name, category, tags, size, downloaded, added_at)
            SELECT repeat(to_hex(i), 40 / length(to_hex(i))), 'torrent-' || i, 'tv', ARRAY['a'], 1000 * i, 10 * i, now()
            FROM generate_series(1, 15) AS i;
            """, Ct);
        var before = await TestDatabase.DigestAsync(dataSource, "torrents", Ct);

        await HaulSchema.Migrations.ApplyAsync(dataSource, NullLogger.Instance, Ct);

        Assert.Equal((15L, before.Digest), await TestDatabase.DigestAsync(dataSource, "torrents", Ct));
        await TestDatabase.ExecuteAsync(dataSource, "INSERT INTO torrent_idempotency_keys (key, info_hash, created_at) SELECT 'key-' || info_hash, info_hash, now() FROM torrents", Ct);
        Assert.Equal([Script], await TestDatabase.JournalAsync(dataSource, Ct));
    }
}
