using Pulse.ServiceDefaults;
using StackExchange.Redis;
using static Pulse.Registry.Tests.TestData;

namespace Pulse.Registry.Tests;

[CollectionDefinition(nameof(RedisOutage), DisableParallelization = true)]
public sealed class RedisOutage;

/// <summary>Stops the graph's Redis: runs alone.</summary>
[Collection(nameof(RedisOutage))]
public sealed class RedisOutageTests(GraphFixture graph)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task EventsRaisedWhileRedisIsDownReachTheFeedAndTheStreamInOrderOnceItIsBack()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, TimeProvider.System, _ct);
        using var client = registry.CreateKeyedClient();
        await RegisterAsync(client, Registration(UniqueName()), _ct);
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(graph.RedisConnectionString))
        {
            await Eventually.HoldsAsync(async () => await redis.GetDatabase().StreamLengthAsync(registry.EventStream) == 1, _ct,
                what: "the first event in the stream");
        }

        await graph.Graph.StopResourceAsync(PulseResources.Redis, _ct);
        try
        {
            for (var i = 0; i < 3; i++)
            {
                await RegisterAsync(client, Registration(UniqueName("haul"), "download-client"), _ct);
            }

            var during = await EventFeedTests.ReadAllAsync(client, "0", expected: 7, pageSize: 100);
            Assert.Equal(7, during.Count);
        }
        finally
        {
            await graph.Graph.StartResourceAsync(PulseResources.Redis, _ct);
        }

        await using var back = await ConnectionMultiplexer.ConnectAsync(graph.RedisConnectionString);
        var db = back.GetDatabase();
        await Eventually.HoldsAsync(async () => await db.StreamLengthAsync(registry.EventStream) >= 7, _ct, TimeSpan.FromSeconds(30),
            "the events raised during the outage in the stream");
        var entries = await db.StreamRangeAsync(registry.EventStream);
        Assert.Equal(Enumerable.Range(1, 7).Select(i => $"{i}-0"), entries.Select(e => e.Id.ToString()).Where(id => id != "").TakeLast(7));

        // The registry's consumer group reads and acknowledges every entry.
        await Eventually.HoldsAsync(async () =>
        {
            var groups = await db.StreamGroupInfoAsync(registry.EventStream);
            return groups.Length == 1 && groups[0].PendingMessageCount == 0 && groups[0].LastDeliveredId == "7-0";
        }, _ct, TimeSpan.FromSeconds(30), "the consumer group acknowledging every entry");

        var after = await EventFeedTests.ReadAllAsync(client, "0", expected: 7, pageSize: 3);
        Assert.Equal(Enumerable.Range(1, 7).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            after.Select(e => e.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task NoLogLineOfTheRegistryHoldsAKeyOrAPassword()
    {
        var secretService = Registration(UniqueName(), apiKey: "secret-never-logged");
        await RegisterAsync(graph.Registry, secretService, _ct);
        using (var wrong = graph.CreateClient("wrong-key-never-logged"))
        using (await wrong.GetAsync("/api/v1/services", _ct))
        {
        }

        var postgresPassword = new Npgsql.NpgsqlConnectionStringBuilder(graph.PostgresConnectionString).Password!;
        var redisPassword = ConfigurationOptions.Parse(graph.RedisConnectionString).Password!;
        var lines = await graph.Graph.ConsoleOutputAsync(PulseResources.Registry, _ct);

        Assert.Contains(lines, l => l.Contains("registered as", StringComparison.Ordinal));
        foreach (var secret in (string[])[GraphFixture.ApiKey, "secret-", "wrong-key-never-logged", postgresPassword, redisPassword])
        {
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
        }
    }
}
