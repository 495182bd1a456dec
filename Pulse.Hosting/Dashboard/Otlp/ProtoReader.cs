using System.Buffers.Binary;
using System.Text;

namespace Pulse.Hosting.Dashboard.Otlp;

/// <summary>
/// Reads the protobuf wire format straight from a buffer (varints, fixed-width numbers, length-delimited fields),
/// for the receiver's hot path; anything truncated or impossible throws <see cref="MalformedExportException"/>.
/// </summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> buffer)
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _buffer = buffer;
    private int _position;

    public readonly bool End => _position >= _buffer.Length;

    /// <summary>The next field's tag: its number shifted left by 3, or'ed with its wire type.</summary>
    public uint ReadTag()
    {
        var tag = ReadVarint();
        if (tag >> 3 == 0 || tag > uint.MaxValue)
        {
            throw new MalformedExportException("A field number of 0 or out of range.");
        }

        return (uint)tag;
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _buffer.Length)
            {
                throw new MalformedExportException("A truncated varint.");
            }

            var b = _buffer[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new MalformedExportException("A varint longer than 10 bytes.");
    }

    public ulong ReadFixed64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public uint ReadFixed32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        var length = ReadVarint();
        if (length > (ulong)(_buffer.Length - _position))
        {
            throw new MalformedExportException("A length-delimited field runs past the end of its message.");
        }

        return Take((int)length);
    }

    /// <summary>A string field; invalid UTF-8 is malformed, as protobuf's own parser has it.</summary>
    public string ReadString()
    {
        try
        {
            return StrictUtf8.GetString(ReadLengthDelimited());
        }
        catch (DecoderFallbackException)
        {
            throw new MalformedExportException("A string field is not valid UTF-8.");
        }
    }

    /// <summary>Skips a field the reader does not need, as protobuf parsers skip unknown fields.</summary>
    public void Skip(uint tag)
    {
        switch ((int)(tag & 7))
        {
            case Varint:
                ReadVarint();
                break;
            case Fixed64:
                Take(8);
                break;
            case LengthDelimited:
                ReadLengthDelimited();
                break;
            case Fixed32:
                Take(4);
                break;
            default:
                throw new MalformedExportException($"Wire type {tag & 7} is not used by OTLP.");
        }
    }

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length > _buffer.Length - _position)
        {
            throw new MalformedExportException("A field runs past the end of its message.");
        }

        var slice = _buffer.Slice(_position, length);
        _position += length;
        return slice;
    }
}
