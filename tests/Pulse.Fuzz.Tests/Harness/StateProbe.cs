namespace Pulse.Fuzz.Tests.Harness;

/// <summary>
/// Sees whether a service's stored state changed around one request: <see cref="MarkAsync"/> before it,
/// <see cref="ChangesAsync"/> after a rejected one (null: nothing changed).
/// </summary>
internal interface IStateProbe
{
    Task MarkAsync(string? entityPath, CancellationToken ct);

    Task<string?> ChangesAsync(CancellationToken ct);
}
