using System.Security.Cryptography;
using System.Text;

namespace Haul.Sample.Keys;

/// <summary>Haul's own key: the one callers must send, and the one registered with Pulse as its <c>ServiceApiKey</c>.</summary>
internal sealed class HaulApiKey(string value)
{
    private readonly byte[] _hash = SHA256.HashData(Encoding.UTF8.GetBytes(value));

    public string Value { get; } = value;

    /// <summary>Constant-time comparison (hashing first makes the time independent of the length too).</summary>
    public bool Matches(string? candidate) =>
        candidate is not null
        && CryptographicOperations.FixedTimeEquals(_hash, SHA256.HashData(Encoding.UTF8.GetBytes(candidate)));
}
