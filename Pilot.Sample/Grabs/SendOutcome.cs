namespace Pilot.Sample.Grabs;

/// <summary>How one send to a download client ended.</summary>
internal abstract record SendOutcome
{
    /// <summary>Accepted; the torrent's info hash as the client reported it.</summary>
    public sealed record Sent(string? InfoHash) : SendOutcome;

    /// <summary>The client refused the key (<c>401</c>): the registry may hold a newer one.</summary>
    public sealed record Unauthorized : SendOutcome;

    /// <summary>Handed to the registry's relay for a client in poll mode; the message's id.</summary>
    public sealed record Queued(string MessageId) : SendOutcome;

    /// <summary>Failed, after the retry if the failure was transient.</summary>
    public sealed record Failed(string Reason) : SendOutcome;
}
