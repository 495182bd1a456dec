using System.Net;

namespace Haul.Sample.Torrents.Sources;

/// <summary>A .torrent url's host resolved only to addresses the <see cref="FetchPolicy"/> refuses: nothing was connected to.</summary>
internal sealed class FetchRefusedException(string host, IReadOnlyList<IPAddress> addresses)
    : Exception($"Haul's fetch policy refuses every address of {host}: {string.Join(", ", addresses)}.")
{
    public string Host { get; } = host;

    public IReadOnlyList<IPAddress> Addresses { get; } = addresses;
}
