namespace Pilot.Sample.Grabs;

/// <summary>How one call to a download client about a grab (a send, or a look-up by the grab's id) ended.</summary>
internal abstract record SendOutcome
{
    /// <summary>The client has the grab; the torrent's info hash as it reported it.</summary>
    public sealed record Sent(string? InfoHash) : SendOutcome;

    /// <summary>The client refused the key (<c>401</c>): the registry may hold a newer one.</summary>
    public sealed record Unauthorized : SendOutcome;

    /// <summary>Handed to the registry's relay for a client in poll mode; the message's id.</summary>
    public sealed record Queued(string MessageId) : SendOutcome;

    /// <summary>The client refused the grab (a <c>4xx</c>), or it cannot be sent there at all.</summary>
    public sealed record Refused(string Reason) : SendOutcome;

    /// <summary>No connection could be made: this call certainly did not reach the client.</summary>
    public sealed record Unreachable(string Reason) : SendOutcome;

    /// <summary>No answer came (a timeout, a reset, a <c>5xx</c>): the call may or may not have taken effect.</summary>
    public sealed record Unanswered(string Reason) : SendOutcome;

    /// <summary>A look-up by the grab's id: the client confirms it has no such grab.</summary>
    public sealed record NotFound : SendOutcome;
}
