namespace Pulse.Registry.Relay;

/// <summary>A row of <c>relay_messages</c>.</summary>
internal sealed record RelayMessage(
    Guid Id,
    Guid ServiceId,
    string Type,
    string? Key,
    string Payload,
    string Status,
    string? Result,
    string? Reason,
    int Attempts,
    long Epoch,
    DateTime? LeaseExpiresAt,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public const string Columns =
        "id, service_id, type, key, payload, status, result, reason, attempts, epoch, lease_expires_at, created_at, updated_at";

    public static RelayMessage Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetGuid(1),
        reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.GetString(4),
        reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        reader.GetInt32(8),
        reader.GetInt64(9),
        reader.IsDBNull(10) ? null : reader.GetDateTime(10),
        reader.GetDateTime(11),
        reader.GetDateTime(12));

    public MessageDto ToDto() => new(Id, Type, Key, new RawJson(Payload), Status,
        Result is null ? null : new RawJson(Result), Reason, Attempts, CreatedAt, UpdatedAt);
}
