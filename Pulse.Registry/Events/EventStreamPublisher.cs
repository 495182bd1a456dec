using StackExchange.Redis;

namespace Pulse.Registry.Events;

/// <summary>
/// Fans the outbox out to the Redis stream. Each entry's stream id is its event id (<c>N-0</c>), so publishing is
/// idempotent and ordered: after Redis was down, publishing resumes after the stream's last id and delivers the
/// events raised meanwhile, in order; an id already there is refused by Redis, never duplicated.
/// </summary>
internal sealed class EventStreamPublisher(
    EventStream stream,
    EventStore events,
    RegistryDatabase database,
    ChangeIndex changes,
    TimeProvider time,
    IOptions<RegistryOptions> options,
    ILogger<EventStreamPublisher> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var seen = changes.Current;
            try
            {
                // Redis commands take no cancellation token and wait out their timeout while Redis is down: the
                // service stops without waiting for them.
                var published = await PublishPendingAsync(stream.Database(), stream.Key, stoppingToken).WaitAsync(stoppingToken);
                failing = false;
                if (published)
                {
                    continue;
                }
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException or NpgsqlException)
            {
                if (!failing)
                {
                    Log.EventPublishFailed(logger, exception.GetType().Name);
                }

                failing = true;
                await Task.Delay(RetryDelay, time, stoppingToken);
                continue;
            }

            // Sleep until the next local or observed change (or a second, to catch up after a failure elsewhere).
            await changes.WaitForChangeAsync(seen, RetryDelay, stoppingToken);
        }
    }

    /// <returns>Whether a full batch was published (so there may be more).</returns>
    private async Task<bool> PublishPendingAsync(IDatabase db, RedisKey key, CancellationToken cancellationToken)
    {
        var last = await db.StreamRangeAsync(key, "-", "+", count: 1, messageOrder: Order.Descending);
        var streamIndex = last.Length == 0 ? 0 : ParseId(last[0].Id);
        var pending = await events.ReadForPublishAsync(streamIndex, PeriodicWork.BatchSize, cancellationToken);
        if (pending.Count == 0)
        {
            // Compared with the index as stored, read after the stream: an event is published only once committed, so
            // the stored index is at least the stream's last id unless the database lost data. This instance's own view
            // of the index (ChangeIndex) lags the other replicas' commits: compared with it, an event another replica
            // had just published looked like lost data, and the stream, with every replica's consumer group, was deleted.
            if (streamIndex > changes.Current && await database.ReadIndexAsync(cancellationToken) is var stored && streamIndex > stored && stored > 0)
            {
                Log.EventStreamReset(logger, streamIndex, stored);
                await db.KeyDeleteAsync(key);
            }

            return false;
        }

        foreach (var e in pending)
        {
            try
            {
                await db.StreamAddAsync(key,
                    [
                        new NameValueEntry("type", e.Type),
                        new NameValueEntry("event_key", e.EventKey),
                        new NameValueEntry("timestamp", e.Timestamp.ToString("O", CultureInfo.InvariantCulture)),
                        new NameValueEntry("payload", e.Payload),
                    ],
                    messageId: $"{e.Id}-0",
                    maxLength: options.Value.EventRetention,
                    useApproximateMaxLength: true);
            }
            catch (RedisServerException exception) when (exception.Message.Contains("equal or smaller", StringComparison.Ordinal))
            {
                // Another registry instance published it first.
                return true;
            }
        }

        Log.EventsPublished(logger, pending[^1].Id);
        return pending.Count == PeriodicWork.BatchSize;
    }

    public static long ParseId(RedisValue id)
    {
        var text = id.ToString();
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return long.Parse(dash < 0 ? text : text[..dash], CultureInfo.InvariantCulture);
    }
}
