namespace Pilot.Sample.Grabs;

/// <summary>
/// A grab: stored <c>pending</c> before anything is sent, and it stays so until Pilot knows what its download client
/// has; then <c>sent</c> (or <c>queued</c> through the relay, then <c>completed</c>), or <c>failed</c> with the reason
/// (refused, or known not to have arrived).
/// </summary>
internal sealed record GrabRecord(
    Guid Id,
    string Title,
    string Uri,
    string? Category,
    string Status,
    string? InfoHash,
    string? DownloadClient,
    string? MessageId,
    string? Reason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public const string Pending = "pending";
    public const string Queued = "queued";
    public const string Sent = "sent";
    public const string Completed = "completed";
    public const string Failed = "failed";
}
