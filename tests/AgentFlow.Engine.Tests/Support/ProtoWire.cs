using System.Buffers.Binary;
using System.Text;

namespace AgentFlow.Engine.Tests.Support;

/// <summary>
/// A reader of the protobuf wire format, just enough to decode OTLP requests in tests without generated code: it walks
/// the fields of one message (number, wire type, value) and leaves the meaning of each number to the caller.
/// </summary>
internal ref struct ProtoWire
{
    private readonly ReadOnlySpan<byte> _data;
    private int _at;

    public ProtoWire(ReadOnlySpan<byte> data)
    {
        _data = data;
        _at = 0;
    }

    /// <summary>The current field's number (after <see cref="Next"/>).</summary>
    public int Field { get; private set; }

    /// <summary>The current field's wire type: 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32.</summary>
    public int WireType { get; private set; }

    /// <summary>Moves to the next field; false at the end of the message.</summary>
    public bool Next()
    {
        if (_at >= _data.Length)
        {
            return false;
        }

        var key = ReadVarint();
        Field = (int)(key >> 3);
        WireType = (int)(key & 7);
        return true;
    }

    public ulong Varint() => Expect(0) ? ReadVarint() : 0;

    public ulong Fixed64()
    {
        Expect(1);
        var value = BinaryPrimitives.ReadUInt64LittleEndian(_data.Slice(_at, 8));
        _at += 8;
        return value;
    }

    public double Double() => BitConverter.UInt64BitsToDouble(Fixed64());

    public ReadOnlySpan<byte> Bytes()
    {
        Expect(2);
        var length = checked((int)ReadVarint());
        var bytes = _data.Slice(_at, length);
        _at += length;
        return bytes;
    }

    public string String() => Encoding.UTF8.GetString(Bytes());

    /// <summary>Skips the current field's value.</summary>
    public void Skip()
    {
        switch (WireType)
        {
            case 0: ReadVarint(); break;
            case 1: _at += 8; break;
            case 2:
                // Not `_at += ReadVarint()`: that adds to the position read before the length was.
                var length = checked((int)ReadVarint());
                _at += length;
                break;
            case 5: _at += 4; break;
            default: throw new FormatException($"wire type {WireType} of field {Field} is not one OTLP uses");
        }
    }

    private readonly bool Expect(int wireType) => WireType == wireType
        ? true
        : throw new FormatException($"field {Field} has wire type {WireType}, expected {wireType}");

    private ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = _data[_at++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new FormatException("a varint is longer than 10 bytes");
    }
}
