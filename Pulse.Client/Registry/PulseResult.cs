using System.Net;

namespace Pulse.Client.Registry;

/// <summary>The result of a call to the registry: a value, or an error class with a reason fit for a log line.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Outcome">How the call ended.</param>
/// <param name="Value">The value when <see cref="PulseCallOutcome.Success"/>.</param>
/// <param name="StatusCode">The HTTP status, when there was an answer.</param>
/// <param name="Reason">Why the call failed, without secrets (for example <c>401 Unauthorized: Missing or wrong API key</c>).</param>
public sealed record PulseResult<T>(PulseCallOutcome Outcome, T? Value, HttpStatusCode? StatusCode, string? Reason)
{
    /// <summary>True when the call succeeded.</summary>
    public bool IsSuccess => Outcome == PulseCallOutcome.Success;

    internal static PulseResult<T> Success(T value, HttpStatusCode status) => new(PulseCallOutcome.Success, value, status, null);

    internal static PulseResult<T> Failure(PulseCallOutcome outcome, HttpStatusCode? status, string reason) =>
        new(outcome, default, status, reason);
}
