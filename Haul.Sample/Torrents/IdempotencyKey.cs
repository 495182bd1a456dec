namespace Haul.Sample.Torrents;

/// <summary>
/// The <c>Idempotency-Key</c> a caller may send with <c>POST /api/v1/torrents</c> (Pilot sends the grab's id): stored
/// with the torrent, so a resend answers the first result and the caller can ask later whether the add took place.
/// </summary>
internal static class IdempotencyKey
{
    public const string HeaderName = "Idempotency-Key";
    public const int MaxLength = 200;

    /// <summary>Null when the key is usable: 1 to 200 visible ASCII characters.</summary>
    public static string? Validate(string key) =>
        key.Length is 0 or > MaxLength || key.Any(c => c is < '!' or > '~')
            ? $"{HeaderName} must be 1 to {MaxLength} visible ASCII characters."
            : null;
}
