using Microsoft.Extensions.Options;
using Pulse.Registry.Changes;
using StackExchange.Redis;

namespace Pulse.Registry.Events;

/// <summary>
/// Reads the Redis stream in this instance's consumer group, so a change made by another registry instance wakes
/// this one's blocking reads at once. Each entry is acknowledged after it is handled; an entry left pending by a
/// consumer that died is reclaimed with <c>XAUTOCLAIM</c>.
/// </summary>
internal sealed class EventStreamSubscriber(
    IConnectionMultiplexer redis,
    ChangeIndex changes,
    TimeProvider time,
    IOptions<RegistryOptions> options,
    ILogger<EventStreamSubscriber> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ClaimAfter = TimeSpan.FromSeconds(30);

    public string Group { get; } = $"registry:{options.Value.InstanceName ?? Environment.MachineName}";

    public string Consumer { get; } = $"{Environment.ProcessId}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var key = new RedisKey(options.Value.EventStream);
        var groupReady = false;
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var db = redis.GetDatabase();
                if (!groupReady)
                {
                    await EnsureGroupAsync(db, key);
                    groupReady = true;
                }

                var claimed = await db.StreamAutoClaimAsync(key, Group, Consumer, (long)ClaimAfter.TotalMilliseconds, "0-0", 100);
                await HandleAsync(db, key, claimed.ClaimedEntries);
                var entries = await db.StreamReadGroupAsync(key, Group, Consumer, ">", count: 100);
                await HandleAsync(db, key, entries);
                failing = false;
                if (entries.Length == 100)
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
                    && groupReady && redis.IsConnected;
            }

            await Task.Delay(PollInterval, time, stoppingToken);
        }
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
