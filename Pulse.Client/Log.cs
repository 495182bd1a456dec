namespace Pulse.Client;

/// <summary>Every log line of the SDK. None of them carries a key.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Registered with Pulse as {ServiceName} (id {ServiceId}) at {ApiUrl}", EventName = "Registered")]
    public static partial void Registered(ILogger logger, string serviceId, string serviceName, string? apiUrl);

    [LoggerMessage(2, LogLevel.Information, "Registration attempt {Attempt} of {MaxAttempts} failed: {Reason}; next attempt in {Wait}", EventName = "RegistrationAttemptFailed")]
    public static partial void RegistrationAttemptFailed(ILogger logger, int attempt, int maxAttempts, string reason, TimeSpan wait);

    [LoggerMessage(3, LogLevel.Error, "The registry refused the registration: {Reason}. Running standalone; retrying every {RetryInterval}", EventName = "RegistrationRefused")]
    public static partial void RegistrationRefused(ILogger logger, string reason, TimeSpan retryInterval);

    [LoggerMessage(4, LogLevel.Warning, "Registration failed after {Attempts} attempts (last: {Reason}). Running standalone; retrying every {RetryInterval}", EventName = "RegistrationGaveUp")]
    public static partial void RegistrationGaveUp(ILogger logger, int attempts, string reason, TimeSpan retryInterval);

    [LoggerMessage(5, LogLevel.Debug, "Background registration attempt failed: {Reason}", EventName = "BackgroundAttemptFailed")]
    public static partial void BackgroundAttemptFailed(ILogger logger, string reason);

    [LoggerMessage(6, LogLevel.Information, "Registered with Pulse after running standalone (id {ServiceId})", EventName = "RegisteredAfterStandalone")]
    public static partial void RegisteredAfterStandalone(ILogger logger, string serviceId);

    [LoggerMessage(7, LogLevel.Warning, "Heartbeat failed: {Reason}; next one in {Interval}", EventName = "HeartbeatFailed")]
    public static partial void HeartbeatFailed(ILogger logger, string reason, TimeSpan interval);

    [LoggerMessage(8, LogLevel.Debug, "Heartbeat failed {Failures} times in a row: {Reason}; next one in {Interval}", EventName = "HeartbeatStillFailing")]
    public static partial void HeartbeatStillFailing(ILogger logger, int failures, string reason, TimeSpan interval);

    [LoggerMessage(9, LogLevel.Information, "Connection to the registry is back after {Failures} failed heartbeats", EventName = "ConnectionRecovered")]
    public static partial void ConnectionRecovered(ILogger logger, int failures);

    [LoggerMessage(10, LogLevel.Warning, "The registry does not know service {ServiceId} (404): re-registering with the same id", EventName = "HeartbeatNotFound")]
    public static partial void HeartbeatNotFound(ILogger logger, string serviceId);

    [LoggerMessage(11, LogLevel.Error, "The registry refused the heartbeat: {Reason}. Running standalone; retrying every {RetryInterval}", EventName = "HeartbeatRefused")]
    public static partial void HeartbeatRefused(ILogger logger, string reason, TimeSpan retryInterval);

    [LoggerMessage(12, LogLevel.Warning, "The registry gave a new id {NewId} in place of {OldId}", EventName = "IdChanged")]
    public static partial void IdChanged(ILogger logger, string oldId, string newId);

    [LoggerMessage(13, LogLevel.Information, "Left the registry (id {ServiceId})", EventName = "Left")]
    public static partial void Left(ILogger logger, string serviceId);

    [LoggerMessage(14, LogLevel.Warning, "Could not leave the registry (id {ServiceId}): {Reason}", EventName = "LeaveFailed")]
    public static partial void LeaveFailed(ILogger logger, string serviceId, string? reason);

    [LoggerMessage(15, LogLevel.Information, "Pulse integration disabled (Pulse:Url is empty): not registering", EventName = "Disabled")]
    public static partial void Disabled(ILogger logger);

    [LoggerMessage(16, LogLevel.Warning, "No address to advertise: the web server reports none and Pulse:ApiUrl is not set", EventName = "NoAddress")]
    public static partial void NoAddress(ILogger logger);

    [LoggerMessage(17, LogLevel.Warning, "Download-client catalog: reading the registry failed: {Reason}; keeping the current list", EventName = "CatalogReadFailed")]
    public static partial void CatalogReadFailed(ILogger logger, string reason);

    [LoggerMessage(18, LogLevel.Error, "Download-client catalog: the consumer's handler failed", EventName = "CatalogHandlerFailed")]
    public static partial void CatalogHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(19, LogLevel.Information, "Relay: tailing the deliveries of service {ServiceId} after cursor {Cursor}", EventName = "RelayStarted")]
    public static partial void RelayStarted(ILogger logger, string serviceId, string cursor);

    [LoggerMessage(20, LogLevel.Warning, "Relay: reading the deliveries failed: {Reason}; next attempt in {Wait}", EventName = "RelayTailFailed")]
    public static partial void RelayTailFailed(ILogger logger, string reason, TimeSpan wait);

    [LoggerMessage(21, LogLevel.Information, "Relay: connection to the registry is back after {Failures} failed reads", EventName = "RelayTailRecovered")]
    public static partial void RelayTailRecovered(ILogger logger, int failures);

    [LoggerMessage(22, LogLevel.Warning, "Relay: cursor {Cursor} is outside the registry's retained deliveries (410); starting again from the oldest", EventName = "RelayCursorReset")]
    public static partial void RelayCursorReset(ILogger logger, string cursor);

    [LoggerMessage(23, LogLevel.Error, "Relay stopped: the registry refused to hand out deliveries: {Reason}", EventName = "RelayStopped")]
    public static partial void RelayStopped(ILogger logger, string reason);

    [LoggerMessage(24, LogLevel.Error, "Relay stopped: the cursor file cannot be read: {Reason}", EventName = "RelayCursorCorrupt")]
    public static partial void RelayCursorCorrupt(ILogger logger, string reason);

    [LoggerMessage(25, LogLevel.Debug, "Relay: delivery {DeliveryId} of message {MessageId} skipped: {Reason}", EventName = "RelayDeliverySkipped")]
    public static partial void RelayDeliverySkipped(ILogger logger, string deliveryId, string messageId, string reason);

    [LoggerMessage(26, LogLevel.Warning, "Relay: a call for message {MessageId} failed: {Reason}; next attempt in {Wait}", EventName = "RelayCallFailed")]
    public static partial void RelayCallFailed(ILogger logger, string messageId, string reason, TimeSpan wait);

    [LoggerMessage(27, LogLevel.Error, "Relay: the registry refused a call for message {MessageId}: {Reason}; leaving it to the registry", EventName = "RelayCallRefused")]
    public static partial void RelayCallRefused(ILogger logger, string messageId, string reason);

    [LoggerMessage(28, LogLevel.Warning, "Relay: the claim on message {MessageId} was lost: {Reason}", EventName = "RelayClaimLost")]
    public static partial void RelayClaimLost(ILogger logger, string messageId, string reason);

    [LoggerMessage(29, LogLevel.Error, "Relay: the handler of message {MessageId} ({Type}) threw", EventName = "RelayHandlerThrew")]
    public static partial void RelayHandlerThrew(ILogger logger, string messageId, string type, Exception exception);

    [LoggerMessage(30, LogLevel.Debug, "Relay: message {MessageId} ({Type}) {Outcome}", EventName = "RelayMessageHandled")]
    public static partial void RelayMessageHandled(ILogger logger, string messageId, string type, string outcome);

    [LoggerMessage(31, LogLevel.Information, "The service's API key is kept at {Path}", EventName = "ServiceKeyKept")]
    public static partial void ServiceKeyKept(ILogger logger, string path);

    [LoggerMessage(32, LogLevel.Information, "The service's API key is configured by {Setting}", EventName = "ServiceKeyConfigured")]
    public static partial void ServiceKeyConfigured(ILogger logger, string setting);
}
