using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Pulse.Registry.Principals;

/// <summary>
/// The SHA-256 of a key: what the registry stores and looks keys up by, never the key itself. Registry keys are
/// high-entropy random strings (32 random bytes by default), not passwords a person chose: nothing can be guessed
/// from a fast hash of one, so a slow password hash (PBKDF2, Argon2) would add no protection and would cost every
/// request milliseconds of CPU. A lookup by hash is not a constant-time comparison of keys, and needs none: its timing
/// can tell only about hashes, from which no key can be worked back.
/// </summary>
internal readonly struct KeyHash(ulong a, ulong b, ulong c, ulong d) : IEquatable<KeyHash>
{
    /// <summary>Longer keys are refused without hashing: no configured or added key is that long.</summary>
    public const int MaxKeyLength = 256;

    public const int MinKeyLength = 16;

    private const int StackLimit = 1024;

    private readonly ulong _a = a, _b = b, _c = c, _d = d;

    public static KeyHash Of(string key)
    {
        var length = Encoding.UTF8.GetMaxByteCount(key.Length);
        var utf8 = length <= StackLimit ? stackalloc byte[length] : new byte[length];
        var written = Encoding.UTF8.GetBytes(key, utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..written], hash);
        return FromBytes(hash);
    }

    public static KeyHash FromBytes(ReadOnlySpan<byte> hash) => new(
        BinaryPrimitives.ReadUInt64LittleEndian(hash),
        BinaryPrimitives.ReadUInt64LittleEndian(hash[8..]),
        BinaryPrimitives.ReadUInt64LittleEndian(hash[16..]),
        BinaryPrimitives.ReadUInt64LittleEndian(hash[24..]));

    public byte[] ToBytes()
    {
        var bytes = new byte[SHA256.HashSizeInBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, _a);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), _b);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), _c);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(24), _d);
        return bytes;
    }

    public bool Equals(KeyHash other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    public override bool Equals(object? obj) => obj is KeyHash other && Equals(other);

    // The bytes of a cryptographic hash are already uniformly spread.
    public override int GetHashCode() => (int)_a;

    public static bool operator ==(KeyHash left, KeyHash right) => left.Equals(right);

    public static bool operator !=(KeyHash left, KeyHash right) => !left.Equals(right);
}
