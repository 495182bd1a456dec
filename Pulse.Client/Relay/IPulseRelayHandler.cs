namespace Pulse.Client.Relay;

/// <summary>
/// Handles the relayed messages of one type (for example <c>torrent.add</c>). The relay delivers at least once, so a
/// handler must be idempotent: the same message may arrive again after a crash or an expired lease.
/// </summary>
public interface IPulseRelayHandler
{
    /// <summary>The message type this handler takes.</summary>
    string MessageType { get; }

    /// <summary>
    /// Handles one message and says how it ended. An exception counts as
    /// <see cref="RelayHandlerResult.Fail(string, bool)"/> with <c>retry</c>.
    /// </summary>
    Task<RelayHandlerResult> HandleAsync(RelayDelivery delivery, CancellationToken cancellationToken);
}
