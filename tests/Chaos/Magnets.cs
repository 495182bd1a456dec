using System.Security.Cryptography;
using System.Text;

namespace Pulse.Chaos;

/// <summary>Magnet links whose info hashes the run knows: a hash of the run's id, the kind of sender and a number.</summary>
internal static class Magnets
{
    public static string InfoHash(string runId, string sender, int number) =>
        Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes($"{runId}/{sender}/{number}")));

    public static string Link(string infoHash, string name) => $"magnet:?xt=urn:btih:{infoHash}&dn={name}";
}
