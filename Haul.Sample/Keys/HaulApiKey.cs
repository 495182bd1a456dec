namespace Haul.Sample.Keys;

/// <summary>Haul's own key: the one callers must send as <c>X-Api-Key</c>, and the one registered with Pulse as its <c>ServiceApiKey</c>.</summary>
internal sealed record HaulApiKey(string Value);
