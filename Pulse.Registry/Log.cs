namespace Pulse.Registry;

/// <summary>The registry's log messages. None of them carries a key, a password or a connection string.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Applied schema migration {Version}: {Name}.", EventName = "MigrationApplied")]
    public static partial void MigrationApplied(ILogger logger, int version, string name);

    [LoggerMessage(2, LogLevel.Information, "Registry ready: {Services} services known, change index {Index}.", EventName = "RegistryReady")]
    public static partial void RegistryReady(ILogger logger, int services, long index);

    [LoggerMessage(3, LogLevel.Information, "Service {Name} ({Type}) registered as {Id}.", EventName = "ServiceRegistered")]
    public static partial void ServiceRegistered(ILogger logger, string name, string type, Guid id);

    [LoggerMessage(4, LogLevel.Information, "Service {Name} ({Type}) {Id} went offline: its lease lapsed.", EventName = "ServiceOffline")]
    public static partial void ServiceWentOffline(ILogger logger, string name, string type, Guid id);

    [LoggerMessage(5, LogLevel.Information, "Service {Name} ({Type}) {Id} removed after being offline too long.", EventName = "ServiceRemoved")]
    public static partial void ServiceRemoved(ILogger logger, string name, string type, Guid id);

    [LoggerMessage(6, LogLevel.Warning, "Writing heartbeat renewals failed; they are kept and retried.", EventName = "HeartbeatFlushFailed")]
    public static partial void HeartbeatFlushFailed(ILogger logger, Exception exception);

    [LoggerMessage(7, LogLevel.Warning, "The lease sweep failed; it runs again at the next interval.", EventName = "SweepFailed")]
    public static partial void SweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(8, LogLevel.Warning, "Reading the change index failed.", EventName = "IndexPollFailed")]
    public static partial void IndexPollFailed(ILogger logger, Exception exception);

    [LoggerMessage(9, LogLevel.Warning, "Publishing events to the Redis stream failed: {Reason}. They are published once Redis is back.", EventName = "EventPublishFailed")]
    public static partial void EventPublishFailed(ILogger logger, string reason);

    [LoggerMessage(10, LogLevel.Information, "Published events up to {Index} to the Redis stream.", EventName = "EventsPublished")]
    public static partial void EventsPublished(ILogger logger, long index);

    [LoggerMessage(11, LogLevel.Warning, "Reading the Redis event stream failed: {Reason}.", EventName = "EventStreamReadFailed")]
    public static partial void EventStreamReadFailed(ILogger logger, string reason);

    [LoggerMessage(12, LogLevel.Warning, "The Redis event stream is ahead of the registry index ({StreamIndex} > {Index}): the database lost data; the stream is reset.", EventName = "EventStreamReset")]
    public static partial void EventStreamReset(ILogger logger, long streamIndex, long index);

    [LoggerMessage(13, LogLevel.Warning, "The relay sweep failed; it runs again at the next interval.", EventName = "RelaySweepFailed")]
    public static partial void RelaySweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(14, LogLevel.Information, "Relay: {Count} expired claims made claimable again (or failed after their last attempt).", EventName = "RelayLeasesRecovered")]
    public static partial void RelayLeasesRecovered(ILogger logger, int count);

    [LoggerMessage(15, LogLevel.Warning, "Listening for relay notifications failed ({Reason}); waiting tails re-read their logs until it is back.", EventName = "RelayListenFailed")]
    public static partial void RelayListenFailed(ILogger logger, string reason);

    [LoggerMessage(31, LogLevel.Information, "Relay: {Count} finished messages deleted, with their deliveries, after Relay:FinishedRetention.", EventName = "RelayFinishedDeleted")]
    public static partial void RelayFinishedDeleted(ILogger logger, int count);
}
