namespace Pulse.Registry.Services;

/// <summary>A row of <c>services</c>.</summary>
internal sealed record ServiceRecord(
    Guid Id,
    string Name,
    string Type,
    string? ApiUrl,
    string? HealthUrl,
    string? ApiKey,
    string? Version,
    string[] Capabilities,
    string? Metadata,
    string DeliveryMode,
    string Status,
    DateTime Registered,
    DateTime LastSeen,
    DateTime LeaseExpiresAt,
    DateTime? OfflineSince)
{
    public const string Columns =
        "id, name, type, api_url, health_url, api_key, version, capabilities, metadata, delivery_mode, status, " +
        "registered, last_seen, lease_expires_at, offline_since";

    public bool IsDownloadClient => Type == ServiceTypes.DownloadClient;

    public static ServiceRecord Read(NpgsqlDataReader reader, int offset = 0) => new(
        reader.GetGuid(offset),
        reader.GetString(offset + 1),
        reader.GetString(offset + 2),
        NullableString(reader, offset + 3),
        NullableString(reader, offset + 4),
        NullableString(reader, offset + 5),
        NullableString(reader, offset + 6),
        reader.GetFieldValue<string[]>(offset + 7),
        NullableString(reader, offset + 8),
        reader.GetString(offset + 9),
        reader.GetString(offset + 10),
        reader.GetDateTime(offset + 11),
        reader.GetDateTime(offset + 12),
        reader.GetDateTime(offset + 13),
        reader.IsDBNull(offset + 14) ? null : reader.GetDateTime(offset + 14));

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
