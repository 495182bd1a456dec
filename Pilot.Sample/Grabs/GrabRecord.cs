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

/// <summary>A grab as posted: <c>{title, uri, category?}</c>.</summary>
internal sealed record GrabRequest(string? Title, string? Uri, string? Category)
{
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(Title) || Title.Length > 500)
        {
            errors["title"] = ["title is required, 1 to 500 characters."];
        }

        if (string.IsNullOrWhiteSpace(Uri) || Uri.Length > 16 * 1024)
        {
            errors["uri"] = ["uri is required (a magnet link, an http(s) URL of a .torrent, or a data: URI), at most 16 KiB."];
        }

        if (Category is { Length: > 100 })
        {
            errors["category"] = ["category is at most 100 characters."];
        }

        return errors;
    }
}
