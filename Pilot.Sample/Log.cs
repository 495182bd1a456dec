namespace Pilot.Sample;

/// <summary>Pilot's log messages. None carries a key.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3, EventName = "StaleKey", Level = LogLevel.Warning,
        Message = "Download client '{Client}' refused its key (401): resyncing with the registry and retrying once.")]
    public static partial void StaleKey(ILogger logger, string client);

    [LoggerMessage(EventId = 4, EventName = "GrabFailed", Level = LogLevel.Warning, Message = "Grab {GrabId} failed on '{Client}': {Reason}.")]
    public static partial void GrabFailed(ILogger logger, Guid grabId, string client, string reason);

    [LoggerMessage(EventId = 5, EventName = "ResendingPendingGrab", Level = LogLevel.Information,
        Message = "Grab {GrabId} was stored but not sent before the last stop: sending it now.")]
    public static partial void ResendingPendingGrab(ILogger logger, Guid grabId);

    [LoggerMessage(EventId = 7, EventName = "Synced", Level = LogLevel.Information, Message = "Download clients synced from the registry: {Changes} change(s).")]
    public static partial void Synced(ILogger logger, int changes);

    [LoggerMessage(EventId = 8, EventName = "GrabQueued", Level = LogLevel.Information,
        Message = "Grab {GrabId} queued for '{Client}' through the relay (message {MessageId}).")]
    public static partial void GrabQueued(ILogger logger, Guid grabId, string client, string messageId);

    [LoggerMessage(EventId = 9, EventName = "RelayedGrabFinished", Level = LogLevel.Information,
        Message = "Relayed grab {GrabId} is {Status}.")]
    public static partial void RelayedGrabFinished(ILogger logger, Guid grabId, string status);

    [LoggerMessage(EventId = 10, EventName = "RelayCheckFailed", Level = LogLevel.Debug,
        Message = "Checking relayed grab {GrabId} failed: {Reason}; trying again later.")]
    public static partial void RelayCheckFailed(ILogger logger, Guid grabId, string reason);

    [LoggerMessage(EventId = 11, EventName = "GrabPending", Level = LogLevel.Information,
        Message = "Grab {GrabId} stays pending on '{Client}': {Reason}; Pilot asks again until it knows.")]
    public static partial void GrabPending(ILogger logger, Guid grabId, string client, string reason);

    [LoggerMessage(EventId = 12, EventName = "GrabStillPending", Level = LogLevel.Debug,
        Message = "Grab {GrabId} is still pending on '{Client}'; that client is asked again in {Delay}.")]
    public static partial void GrabStillPending(ILogger logger, Guid grabId, string client, TimeSpan delay);

    [LoggerMessage(EventId = 13, EventName = "GrabResolved", Level = LogLevel.Information, Message = "Pending grab {GrabId} is {Status}.")]
    public static partial void GrabResolved(ILogger logger, Guid grabId, string status);

    [LoggerMessage(EventId = 14, EventName = "ResolvingFailed", Level = LogLevel.Warning,
        Message = "Resolving pending grabs failed ({Reason}); trying again later.")]
    public static partial void ResolvingFailed(ILogger logger, string reason);
}
