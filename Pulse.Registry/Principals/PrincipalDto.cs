namespace Pulse.Registry.Principals;

/// <summary>A principal as <c>GET /api/v1/principals</c> shows it: its keys' ids and dates, never a key or a hash.</summary>
internal sealed record PrincipalDto(string Name, string Kind, string? ServiceType, bool Consumer, List<PrincipalKeyDto> Keys);

internal sealed record PrincipalKeyDto(string Id, DateTime CreatedAt, DateTime? RetiredAt);

/// <summary>A key just added: the only answer that ever carries a key.</summary>
internal sealed record NewKeyDto(string Id, string Key, DateTime CreatedAt);
