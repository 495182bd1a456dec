namespace Pulse.Chaos;

/// <summary>
/// A grab sent to Pilot, or a message sent to Haul through the relay: its info hash, the status its sender got (null
/// when no answer came), and the id the answer gave it (the grab's id, the message's id).
/// </summary>
internal sealed record SentItem(int Number, string InfoHash, string Uri, int? Status, string? Id)
{
    /// <summary>Accepted: a grab Pilot answered 201 or 202, a message the relay answered 202 or 200.</summary>
    public bool Accepted => Status is 200 or 201 or 202;
}
