namespace Pulse.Client.Relay;

/// <summary>One entry of a service's delivery log: a message to claim and handle.</summary>
/// <param name="DeliveryId">The delivery's id, the cursor after it (a decimal string).</param>
/// <param name="MessageId">The message's id.</param>
/// <param name="Attempt">Which attempt this delivery is for (1 for the first).</param>
/// <param name="Type">The message's type, which picks its handler (for example <c>torrent.add</c>).</param>
/// <param name="Key">The sender's key (for example a grab's id), or null.</param>
/// <param name="Payload">The message's payload, any JSON value.</param>
/// <param name="CreatedAt">When the delivery was appended.</param>
public sealed record RelayDelivery(
    string DeliveryId, string MessageId, int Attempt, string Type, string? Key, JsonElement Payload, DateTimeOffset CreatedAt);

/// <summary>A page of the delivery log and the cursor to read after it.</summary>
/// <param name="Deliveries">The deliveries, in log order.</param>
/// <param name="NextCursor">The cursor for the next read.</param>
public sealed record RelayDeliveryPage(IReadOnlyList<RelayDelivery> Deliveries, string NextCursor);

/// <summary>A claim on a message: its epoch (to send with every later call) and its lease.</summary>
/// <param name="MessageId">The message's id.</param>
/// <param name="Epoch">The claim's epoch.</param>
/// <param name="LeaseExpiresAt">When the lease ends unless extended.</param>
public sealed record RelayClaim(string MessageId, long Epoch, DateTimeOffset LeaseExpiresAt);

/// <summary>The answer to posting a message: a new one (<c>202</c>) or the live one with the same key (<c>200</c>).</summary>
/// <param name="MessageId">The message's id.</param>
/// <param name="Status">Its status (<c>pending</c> or <c>claimed</c>).</param>
public sealed record RelayPosted(string MessageId, string Status);

/// <summary>A relayed message as the registry keeps it.</summary>
/// <param name="MessageId">The message's id.</param>
/// <param name="Type">Its type.</param>
/// <param name="Key">Its key, or null.</param>
/// <param name="Status"><c>pending</c>, <c>claimed</c>, <c>completed</c> or <c>failed</c>.</param>
/// <param name="Result">The handler's result once <c>completed</c>.</param>
/// <param name="Reason">Why it failed (or why its last attempt failed).</param>
/// <param name="Attempts">How many times it was claimed.</param>
public sealed record RelayMessageState(
    string MessageId, string Type, string? Key, string Status, JsonElement? Result, string? Reason, int Attempts);
