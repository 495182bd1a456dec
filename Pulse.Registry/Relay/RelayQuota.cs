namespace Pulse.Registry.Relay;

/// <summary>
/// The most a service may have waiting: <c>Relay:MaxPendingMessages</c> messages and <c>Relay:MaxPendingBytes</c> of
/// payload, counting pending and claimed messages. A message that would pass either is refused with <c>429</c> until
/// one finishes.
/// </summary>
internal static class RelayQuota
{
    /// <summary>How long a sender is told to wait before it tries again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Counts the service's waiting messages, the one just stored included. Called after the delivery is appended,
    /// under the service's log lock held to commit, so two senders cannot both take the last place.
    /// </summary>
    /// <returns>The setting that is exceeded and why, or <c>null</c> when the message fits.</returns>
    public static async Task<(string Setting, string Detail)?> ExceededAsync(
        WriteScope scope, Guid serviceId, RelayOptions options, CancellationToken cancellationToken)
    {
        // octet_length reads a stored payload's size from its header, without reading the payload itself.
        await using var count = scope.Command("""
            SELECT count(*), COALESCE(sum(octet_length(payload)), 0)::bigint FROM relay_messages
            WHERE service_id = @service AND status IN ('pending', 'claimed')
            """);
        count.Parameters.AddWithValue("service", serviceId);
        await using var reader = await count.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (messages, bytes) = (reader.GetInt64(0), reader.GetInt64(1));
        if (messages > options.MaxPendingMessages)
        {
            return ("Relay:MaxPendingMessages", string.Create(CultureInfo.InvariantCulture,
                $"The service already has {messages - 1} messages waiting (pending or claimed), the most Relay:MaxPendingMessages ({options.MaxPendingMessages}) allows. Retry once it has finished some."));
        }

        if (bytes > options.MaxPendingBytes)
        {
            return ("Relay:MaxPendingBytes", string.Create(CultureInfo.InvariantCulture,
                $"This message would bring the payloads waiting for the service to {bytes} bytes, more than Relay:MaxPendingBytes ({options.MaxPendingBytes}) allows. Retry once it has finished some."));
        }

        return null;
    }
}
