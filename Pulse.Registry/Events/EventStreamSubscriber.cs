using StackExchange.Redis;

namespace Pulse.Registry.Events;

/// <summary>
/// Reads the Redis stream in this instance's consumer group, so a change made by another registry instance wakes
/// this one's blocking reads at once. Each entry is acknowledged after it is handled; an entry left pending by a
/// consumer that died is reclaimed with <c>XAUTOCLAIM</c>.
/// </summary>
internal sealed class EventStreamSubscriber(
    EventStream stream,
    ChangeIndex changes,
    TimeProvider time,
    RegistryInstance instance,
    ILogger<EventStreamSubscriber> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ClaimAfter = TimeSpan.FromSeconds(30);

    public string Group => instance.StreamGroup;

    public string Consumer { get; } = $"{Environment.ProcessId}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var groupReady = false;
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Redis commands take no cancellation token and wait out their timeout while Redis is down: the
                // service stops without waiting for them.
                var full = await ReadOnceAsync(stream.Database(), stream.Key, groupReady).WaitAsync(stoppingToken);
                groupReady = true;
                failing = false;
                if (full)
                {
                    continue;
                }
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                if (!failing)
                {
                    Log.EventStreamReadFailed(logger, exception.GetType().Name);
                }

                failing = true;
                groupReady = !(exception is RedisServerException server && server.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
                    && groupReady && stream.IsConnected;
            }

            await Task.Delay(PollInterval, time, stoppingToken);
        }
    }

    /// <returns>Whether a full page was read (so there may be more).</returns>
    private async Task<bool> ReadOnceAsync(IDatabase db, RedisKey key, bool groupReady)
    {
        if (!groupReady)
        {
            await EnsureGroupAsync(db, key);
        }

        var claimed = await db.StreamAutoClaimAsync(key, Group, Consumer, (long)ClaimAfter.TotalMilliseconds, "0-0", 100);
        await HandleAsync(db, key, claimed.ClaimedEntries);
        var entries = await db.StreamReadGroupAsync(key, Group, Consumer, ">", count: 100);
        await HandleAsync(db, key, entries);
        return entries.Length == 100;
    }

    private async Task EnsureGroupAsync(IDatabase db, RedisKey key)
    {
        try
        {
            await db.StreamCreateConsumerGroupAsync(key, Group, "$", createStream: true);
        }
        catch (RedisServerException exception) when (exception.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // It exists: this instance resumes where its group left off.
        }

        // Each process reads as a consumer of its own (named for its process id), which Redis keeps until deleted: the
        // consumers of this instance's earlier runs, idle and with nothing left pending (XAUTOCLAIM takes what they
        // left), are deleted, so restarts do not pile them up.
        foreach (var consumer in await db.StreamConsumerInfoAsync(key, Group))
        {
            if (consumer.Name != Consumer && consumer.PendingMessageCount == 0 && consumer.IdleTimeInMilliseconds > ClaimAfter.TotalMilliseconds)
            {
                await db.StreamDeleteConsumerAsync(key, Group, consumer.Name);
            }
        }
    }

    private async Task HandleAsync(IDatabase db, RedisKey key, StreamEntry[] entries)
    {
        foreach (var entry in entries)
        {
            if (entry.IsNull)
            {
                continue;
            }

            changes.Advance(EventStreamPublisher.ParseId(entry.Id));
            await db.StreamAcknowledgeAsync(key, Group, entry.Id);
        }
    }
}
