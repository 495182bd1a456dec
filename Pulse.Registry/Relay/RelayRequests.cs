using Pulse.Registry.Api.Validation;

namespace Pulse.Registry.Relay;

/// <summary>The body of <c>POST /api/v1/services/{id}/messages</c>: a message for a service in poll mode.</summary>
public sealed record RelayMessageRequest : RequestBody
{
    [Required, MaxLength(100)]
    public string? Type { get; init => field = Absent.IfEmpty(value); }

    /// <summary>The coalescing key: a live message of the same key takes this one's payload.</summary>
    [MaxLength(200)]
    public string? Key { get; init => field = Absent.IfEmpty(value); }

    /// <summary>Any JSON value; absent is JSON <c>null</c>.</summary>
    public JsonElement? Payload { get; init; }
}

/// <summary>The body of a call on a claim (heartbeat): the epoch of the claim it is made under.</summary>
public record ClaimRequest : RequestBody
{
    [Required, Range(1, long.MaxValue)]
    public long? Epoch { get; init; }
}

/// <summary>The body of <c>complete</c>: the claim's epoch and the message's result (any JSON value).</summary>
public sealed record CompleteRequest : ClaimRequest
{
    public JsonElement? Result { get; init; }
}

/// <summary>The body of <c>fail</c>: the claim's epoch, why, and whether the message may be claimed again.</summary>
public sealed record FailRequest : ClaimRequest
{
    [MaxLength(2000)]
    public string? Reason { get; init => field = Absent.IfEmpty(value); }

    public bool? Retry { get; init; }
}
