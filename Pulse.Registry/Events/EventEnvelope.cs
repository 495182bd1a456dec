namespace Pulse.Registry.Events;

/// <summary>One event of the feed; <c>id</c> is the registry index after the change, and the cursor.</summary>
internal sealed record EventEnvelope(string Id, string Type, string EventKey, DateTime Timestamp, JsonElement Payload);

/// <summary>The long-poll envelope of <c>GET /api/v1/events</c>.</summary>
internal sealed record EventPage(IReadOnlyList<EventEnvelope> Events, string NextCursor);
