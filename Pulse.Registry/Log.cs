namespace Pulse.Registry;

/// <summary>The registry's log messages. None of them carries a key, a password or a connection string.</summary>
internal static partial class Log
{
    [LoggerMessage(2, LogLevel.Information, "Registry instance {Instance} ready: {Services} services known, change index {Index}.", EventName = "RegistryReady")]
    public static partial void RegistryReady(ILogger logger, string instance, int services, long index);

    [LoggerMessage(3, LogLevel.Information, "Service {Name} ({Type}) registered as {Id} by principal {Principal}.", EventName = "ServiceRegistered")]
    public static partial void ServiceRegistered(ILogger logger, string name, string type, Guid id, string principal);

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

    [LoggerMessage(40, LogLevel.Warning, "Principal {Principal} lacks the scope {Scope} for {Route}: refused with 403.", EventName = "ScopeRefused")]
    public static partial void ScopeRefused(ILogger logger, string principal, string scope, string route);

    [LoggerMessage(41, LogLevel.Information, "Key {KeyId} added for principal {Principal}, from {Source}.", EventName = "KeyAdded")]
    public static partial void KeyAdded(ILogger logger, string principal, Guid keyId, string source);

    [LoggerMessage(42, LogLevel.Information, "Key {KeyId} of principal {Principal} retired by {Caller}: it no longer works on any instance.", EventName = "KeyRetired")]
    public static partial void KeyRetired(ILogger logger, string principal, Guid keyId, string caller);

    [LoggerMessage(43, LogLevel.Warning, "The configured key of principal {Principal} was retired: it stays retired. Configure a new key, or add one through the API.", EventName = "ConfiguredKeyRetired")]
    public static partial void ConfiguredKeyRetired(ILogger logger, string principal);

    [LoggerMessage(44, LogLevel.Warning, "Principal {Principal} already holds two active keys: its configured key was not added. Retire one through the API first.", EventName = "ConfiguredKeyNotAdded")]
    public static partial void ConfiguredKeyNotAdded(ILogger logger, string principal);

    [LoggerMessage(45, LogLevel.Warning, "The configured key of principal {Principal} belongs to another principal: it was not added.", EventName = "ConfiguredKeyOfAnother")]
    public static partial void ConfiguredKeyOfAnother(ILogger logger, string principal);

    [LoggerMessage(46, LogLevel.Information, "Service {Name} ({Type}) {Id} re-registered with changed fields by principal {Principal}.", EventName = "ServiceRegistrationChanged")]
    public static partial void ServiceRegistrationChanged(ILogger logger, string name, string type, Guid id, string principal);

    [LoggerMessage(47, LogLevel.Information, "Service {Id} deleted by principal {Principal}.", EventName = "ServiceDeleted")]
    public static partial void ServiceDeleted(ILogger logger, Guid id, string principal);

    [LoggerMessage(48, LogLevel.Warning, "Reading the principals' change counter failed; the key cache is kept and read again at the next poll.", EventName = "PrincipalReloadFailed")]
    public static partial void PrincipalReloadFailed(ILogger logger, Exception exception);

    [LoggerMessage(50, LogLevel.Information, "Principal {Principal} set to service type {ServiceType}, consumer {Consumer}, by {Caller}.", EventName = "PrincipalChanged")]
    public static partial void PrincipalChanged(ILogger logger, string principal, string serviceType, bool consumer, string caller);

    [LoggerMessage(49, LogLevel.Information, "Principals seeded: the operator and {Count} service principals configured; {Keys} active keys known.", EventName = "PrincipalsSeeded")]
    public static partial void PrincipalsSeeded(ILogger logger, int count, int keys);

    [LoggerMessage(51, LogLevel.Information, "Deleted the event stream's consumer group {Group}: its registry instance is gone (no read for {GoneAfter}).", EventName = "GoneInstanceGroupDeleted")]
    public static partial void GoneInstanceGroupDeleted(ILogger logger, string group, TimeSpan goneAfter);

    [LoggerMessage(52, LogLevel.Information, "No heartbeat was recorded while the registry was down: {Count} online leases extended by one lease period.", EventName = "LeasesExtendedAfterOutage")]
    public static partial void LeasesExtendedAfterOutage(ILogger logger, int count);
}
