namespace Pulse.Client.Relay;

/// <summary>How a handler ended a message: completed with a result, or failed (with or without another attempt).</summary>
public sealed record RelayHandlerResult
{
    private RelayHandlerResult(bool completed, JsonElement? result, string? reason, bool retry)
    {
        Completed = completed;
        Result = result;
        Reason = reason;
        Retry = retry;
    }

    /// <summary>True when the message was handled.</summary>
    public bool Completed { get; }

    /// <summary>The result sent with <c>complete</c> (any JSON value).</summary>
    public JsonElement? Result { get; }

    /// <summary>Why it failed (no secrets: the registry keeps it and shows it to the sender).</summary>
    public string? Reason { get; }

    /// <summary>Whether the message should be delivered again (until the registry's <c>Relay:MaxAttempts</c>).</summary>
    public bool Retry { get; }

    /// <summary>The message was handled; <paramref name="result"/> goes back to the sender.</summary>
    public static RelayHandlerResult Complete(JsonElement? result = null) => new(true, result, null, false);

    /// <summary>The message could not be handled; with <paramref name="retry"/> it is delivered again later.</summary>
    public static RelayHandlerResult Fail(string reason, bool retry) => new(false, null, reason, retry);
}
