namespace Pulse.Client.Registry;

/// <summary>The registry's download-client entries and the registry index they reflect (<c>X-Pulse-Index</c>).</summary>
/// <param name="Entries">The entries, with their keys.</param>
/// <param name="Index">The registry index, when the registry sent one.</param>
public sealed record DownloadClientList(IReadOnlyList<DownloadClientRecord> Entries, long? Index);
