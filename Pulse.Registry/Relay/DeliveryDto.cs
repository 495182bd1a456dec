namespace Pulse.Registry.Relay;

/// <summary>One entry of a service's delivery log; <c>delivery_id</c> is the cursor.</summary>
internal sealed record DeliveryDto(
    string DeliveryId,
    Guid MessageId,
    int Attempt,
    string Type,
    string? Key,
    RawJson Payload,
    DateTime CreatedAt);

/// <summary>The long-poll envelope of <c>GET /api/v1/services/{id}/deliveries</c>.</summary>
internal sealed record DeliveryPage(IReadOnlyList<DeliveryDto> Deliveries, string NextCursor);
