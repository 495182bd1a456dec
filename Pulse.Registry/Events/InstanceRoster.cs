using StackExchange.Redis;

namespace Pulse.Registry.Events;

/// <summary>
/// Keeps the roster of live registry instances in Redis (a sorted set beside the event stream: instance name → when it
/// was last seen), and deletes the stream's consumer groups of instances that are gone: not seen for
/// <c>Registry:InstanceGoneAfter</c> (a replica stopped for good, or an instance name of an earlier run, since Aspire
/// names replicas afresh on each run and Kubernetes each pod). Redis keeps a group, and every entry it has not
/// acknowledged, until it is deleted: without this, each run would leave one behind. A consumer's idle time cannot tell
/// instead: Redis 7.0 neither creates nor refreshes a consumer when a read finds nothing new.
/// Every instance takes part, four times per <c>InstanceGoneAfter</c>; a group deleted twice is no harm, and an instance
/// whose group was deleted while it was frozen creates it again.
/// </summary>
internal sealed class InstanceRoster(
    EventStream stream,
    RegistryInstance instance,
    TimeProvider time,
    IOptions<RegistryOptions> options,
    ILogger<InstanceRoster> logger) : BackgroundService
{
    // Groups whose instance is not on the roster, and since when: an instance's group may appear a moment before its
    // first roster entry, so only one missing from the roster for the whole InstanceGoneAfter counts as gone.
    private Dictionary<string, DateTimeOffset> _unlisted = [];

    /// <summary>Marks this instance as seen now, and deletes the groups of instances that are gone; returns their names.</summary>
    public async Task<IReadOnlyList<string>> SweepAsync()
    {
        var db = stream.Database();
        var now = time.GetUtcNow();
        var goneAfter = options.Value.InstanceGoneAfter;
        await db.SortedSetAddAsync(stream.RosterKey, instance.Name, now.ToUnixTimeMilliseconds());
        var seen = (await db.SortedSetRangeByRankWithScoresAsync(stream.RosterKey))
            .ToDictionary(entry => entry.Element.ToString(), entry => DateTimeOffset.FromUnixTimeMilliseconds((long)entry.Score));

        var unlisted = new Dictionary<string, DateTimeOffset>();
        var deleted = new List<string>();
        var groups = await db.KeyExistsAsync(stream.Key) ? await db.StreamGroupInfoAsync(stream.Key) : [];
        foreach (var group in groups.Where(group => group.Name.StartsWith(RegistryInstance.StreamGroupPrefix, StringComparison.Ordinal)))
        {
            var name = group.Name[RegistryInstance.StreamGroupPrefix.Length..];
            if (!seen.TryGetValue(name, out var lastSeen))
            {
                lastSeen = unlisted[name] = _unlisted.GetValueOrDefault(name, now);
            }

            if (name != instance.Name && now - lastSeen >= goneAfter && await db.StreamDeleteConsumerGroupAsync(stream.Key, group.Name))
            {
                Log.GoneInstanceGroupDeleted(logger, group.Name, goneAfter);
                deleted.Add(group.Name);
            }
        }

        var gone = seen.Where(entry => now - entry.Value >= goneAfter).Select(entry => (RedisValue)entry.Key).ToArray();
        if (gone.Length > 0)
        {
            await db.SortedSetRemoveAsync(stream.RosterKey, gone);
        }

        _unlisted = unlisted;
        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.InstanceGoneAfter / 4, time);
        do
        {
            try
            {
                // Redis commands take no cancellation token and wait out their timeout while Redis is down.
                await SweepAsync().WaitAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                // Redis is down (the event subscriber says so in the log): the next round tries again.
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
