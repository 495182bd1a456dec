namespace Pulse.Registry.DownloadClients;

/// <summary>
/// A row of <c>download_clients</c>, with its owner's liveness when a service owns it. <c>Url</c> is the client's whole
/// URL (the <c>api_url</c> column, as registered); <c>Host</c> is kept beside it because a manual entry's host is shown
/// as the operator typed it, which a <see cref="Uri"/> would lower-case.
/// </summary>
internal sealed record DownloadClientRecord(
    Guid Id,
    Guid? ServiceId,
    string Name,
    string Kind,
    string Protocol,
    bool Enabled,
    int Priority,
    string? Host,
    Uri? Url,
    string DeliveryMode,
    string? Username,
    string? ApiKey,
    string? Category,
    string? Directory,
    string? Settings,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string? OwnerStatus,
    DateTime? OwnerLeaseExpiresAt)
{
    /// <summary>The columns of <see cref="Read"/>, for a query over <c>download_clients d LEFT JOIN services s</c>.</summary>
    public const string Columns =
        "d.id, d.service_id, d.name, d.kind, d.protocol, d.enabled, d.priority, d.host, d.api_url, d.delivery_mode, " +
        "d.username, d.password, d.category, d.directory, d.settings, d.created_at, d.updated_at, s.status, s.lease_expires_at";

    public const string From = "download_clients d LEFT JOIN services s ON s.id = d.service_id";

    public static DownloadClientRecord Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.IsDBNull(1) ? null : reader.GetGuid(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetBoolean(5),
        reader.GetInt32(6),
        Text(reader, 7),
        // An address stored before hosts were checked for a URL that parses again reads as none, not as an error.
        Uri.TryCreate(Text(reader, 8), UriKind.Absolute, out var url) ? url : null,
        reader.GetString(9),
        Text(reader, 10),
        Text(reader, 11),
        Text(reader, 12),
        Text(reader, 13),
        Text(reader, 14),
        reader.GetDateTime(15),
        reader.GetDateTime(16),
        Text(reader, 17),
        reader.IsDBNull(18) ? null : reader.GetDateTime(18));

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
