using System.Net;
using StackExchange.Redis;

namespace Pulse.Replicas.Tests;

/// <summary>Each replica is an instance of its own, named after its <c>service.instance.id</c>, and the names of gone instances do not pile up in Redis.</summary>
public sealed class ReplicaInstanceTests(ReplicaGraphFixture graph)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task EachReplicaServesAtItsOwnAddressAndHasAConsumerGroupOfItsOwn()
    {
        Assert.Equal(ReplicaGraphFixture.ReplicaCount, graph.Replicas.Count);
        foreach (var replica in graph.Replicas)
        {
            using var client = graph.Replica(replica);
            using var response = await client.GetAsync("/api/v1/services", _ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await using var redis = await ConnectionMultiplexer.ConnectAsync(graph.RedisConnectionString);
        var expected = graph.Replicas.Select(replica => "registry:" + ReplicaGraphFixture.InstanceNameOf(replica)).Order().ToList();
        await Eventually.ReturnsAsync(
            async () => string.Join(",", (await Groups(redis)).Order()),
            groups => groups == string.Join(",", expected), _ct, what: "One consumer group per replica");
    }

    [Fact]
    public async Task ARestartedReplicaKeepsItsInstanceNameAndResumesItsConsumerGroup()
    {
        var replica = graph.Replicas[^1];
        var name = ReplicaGraphFixture.InstanceNameOf(replica);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(graph.RedisConnectionString);
        var groups = string.Join(",", (await Groups(redis)).Order());
        var before = RegistryProcess(replica);

        try
        {
            await graph.Graph.StopResourceAsync(replica, _ct);
        }
        finally
        {
            await graph.Graph.StartResourceAsync(replica, _ct);
        }

        // Another process, with the same service.instance.id, the name its logs and traces carry; in Redis the same
        // groups: its own resumed, none added.
        var after = RegistryProcess(replica);
        Assert.NotEqual(before.Pid, after.Pid);
        Assert.Equal($"service.instance.id={name}", after.Environment()["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal(groups, string.Join(",", (await Groups(redis)).Order()));
        using var client = graph.Replica(replica);
        using var response = await client.GetAsync("/api/v1/services", _ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private LinuxProcess RegistryProcess(string replica) =>
        graph.Graph.ProcessesOf(replica).Single(process => process.Program == "Pulse.Registry");

    [Fact]
    public async Task TheConsumerGroupOfAGoneInstanceIsDeletedAndTheLiveOnesStay()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(graph.RedisConnectionString);
        var db = redis.GetDatabase();

        // An instance of an earlier run: its group, one consumer that read an entry, and its last roster entry.
        const string Gone = "registry:gone-" + "3f9a1c";
        await db.StreamCreateConsumerGroupAsync(Stream, Gone, "0-0");
        await db.StreamReadGroupAsync(Stream, Gone, "4242", ">", count: 1);
        await db.SortedSetAddAsync(Stream + ":instances", Gone["registry:".Length..], DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds());

        // One sweep deletes the group, then the roster entry.
        await Eventually.HoldsAsync(
            async () => !(await Groups(redis)).Contains(Gone)
                && !(await db.SortedSetRangeByRankAsync(Stream + ":instances")).Any(name => name == Gone["registry:".Length..]),
            _ct, within: TimeSpan.FromSeconds(60), what: "The gone instance's group and roster entry are deleted");
        Assert.Equal(ReplicaGraphFixture.ReplicaCount, (await Groups(redis)).Count);
    }

    private const string Stream = "pulse:registry:events";

    private static async Task<List<string>> Groups(ConnectionMultiplexer redis) =>
        [.. (await redis.GetDatabase().StreamGroupInfoAsync(Stream)).Select(group => group.Name!)];
}
