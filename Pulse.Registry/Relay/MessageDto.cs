namespace Pulse.Registry.Relay;

/// <summary>A message as <c>GET /api/v1/services/{id}/messages/{mid}</c> answers it.</summary>
internal sealed record MessageDto(
    Guid MessageId,
    string Type,
    string? Key,
    RawJson Payload,
    string Status,
    RawJson? Result,
    string? Reason,
    int Attempts,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary>The answer to posting a message: <c>202</c> stored, or <c>200</c> coalesced with a live one.</summary>
internal sealed record MessageAccepted(Guid MessageId, string Status);

/// <summary>The answer to a claim or a lease heartbeat.</summary>
internal sealed record ClaimDto(Guid MessageId, long Epoch, DateTime LeaseExpiresAt);
