namespace Pulse.Registry.Principals;

/// <summary>
/// Who a key belongs to: the operator (<see cref="ServiceType"/> <c>null</c>), who may do everything, or a service,
/// bound to its (name, type) and, for a consumer, holding the consumer scope too.
/// </summary>
internal sealed record Principal(string Name, string? ServiceType, bool Consumer)
{
    public const string OperatorName = "operator";

    public static readonly Principal Operator = new(OperatorName, null, false);

    public bool IsOperator => ServiceType is null;

    public string Kind => IsOperator ? "operator" : "service";

    /// <summary>Whether this principal may act as the service (<paramref name="name"/>, <paramref name="type"/>).</summary>
    public bool Owns(string name, string type) =>
        IsOperator || (string.Equals(Name, name, StringComparison.Ordinal) && string.Equals(ServiceType, type, StringComparison.Ordinal));

    public bool HasConsumerScope => IsOperator || Consumer;

    /// <summary>The principal of the current request, set by the key check before any handler runs.</summary>
    public static ValueTask<Principal?> BindAsync(HttpContext context) => ValueTask.FromResult(context.Features.Get<Principal>());
}
