using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Security.Cryptography;
using System.Text;

namespace AgentFlow.Memory;

/// <summary>
/// The on-disk layout of one agent's vectors beside <c>memory.db</c>, in the folder <c>memory.db.vectors/</c>:
/// <c>AGENTHASH.NONCE.q8</c>, memory-mapped and scanned by every search, holds per memory its int8 codes, their scale
/// and sum, and its created and expiry ticks (408 bytes at 384 dimensions); <c>AGENTHASH.NONCE.f32</c> holds the
/// memory's rowid and float32 vector, read only for the few candidates a search re-ranks exactly; <c>AGENTHASH.NONCE.q4</c>
/// (mapped) holds 4-bit codes, their step and the expiry ticks (208 bytes at 384 dimensions) for a cheaper first pass.
/// Each starts with a 64-byte header naming the file kind, the dimensions, the nonce and the generation that the
/// <c>memory_vectors</c> row of the agent must also name; row i of every file is the same memory.
/// </summary>
internal static class VectorFileLayout
{
    /// <summary>Bytes before the first row of either file.</summary>
    public const int HeaderBytes = 64;

    /// <summary>The value of the expiry column for a memory that never expires.</summary>
    public const long Never = long.MaxValue;

    private const int Version = 1;
    private const uint CodesMagic = 0x38514641; // "AFQ8"
    private const uint FloatsMagic = 0x32334641; // "AF32"
    private const uint NibblesMagic = 0x34514641; // "AFQ4"

    /// <summary>Bytes of the codes of one row, padded so the columns after them are 8-byte aligned within the row.</summary>
    public static int CodeBytes(int dimensions) => (dimensions + 7) & ~7;

    /// <summary>Bytes of one row of the <c>.q8</c> file: codes, scale (f32), code sum (i32), created and expires (i64).</summary>
    public static int CodeStride(int dimensions) => CodeBytes(dimensions) + 24;

    /// <summary>Bytes of the 4-bit codes of one row: two per byte, in blocks of 64 dimensions (32 bytes).</summary>
    public static int NibbleBytes(int dimensions) => ((dimensions + 63) / 64) * 32;

    /// <summary>Bytes of one row of the <c>.q4</c> file: codes, step (f32), 4 spare bytes, expires (i64).</summary>
    public static int NibbleStride(int dimensions) => NibbleBytes(dimensions) + 16;

    /// <summary>Bytes per row of a file of <paramref name="kind"/>.</summary>
    public static int Stride(VectorFileKind kind, int dimensions) => kind switch
    {
        VectorFileKind.Codes => CodeStride(dimensions),
        VectorFileKind.Floats => FloatStride(dimensions),
        _ => NibbleStride(dimensions),
    };

    /// <summary>Bytes of one row of the <c>.f32</c> file: rowid (i64) and the vector.</summary>
    public static int FloatStride(int dimensions) => sizeof(long) + (dimensions * sizeof(float));

    /// <summary>The folder of the vector files of the memory file at <paramref name="databasePath"/>.</summary>
    public static string Folder(string databasePath) => databasePath + ".vectors";

    /// <summary>A file-name-safe, fixed-length name for <paramref name="agent"/> (any string is a valid namespace).</summary>
    public static string AgentKey(string agent) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(agent)).AsSpan(0, 16));

    /// <summary>The path of the file of <paramref name="kind"/> of one generation.</summary>
    public static string PathOf(string folder, string agentKey, long nonce, VectorFileKind kind) =>
        Path.Combine(folder, $"{agentKey}.{nonce:x16}.{kind switch { VectorFileKind.Codes => "q8", VectorFileKind.Floats => "f32", _ => "q4" }}");

    /// <summary>The 64-byte header of a new file.</summary>
    public static byte[] Header(VectorFileKind kind, int dimensions, long nonce, long generation)
    {
        var header = new byte[HeaderBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(header, kind switch { VectorFileKind.Codes => CodesMagic, VectorFileKind.Floats => FloatsMagic, _ => NibblesMagic });
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), Version);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), dimensions);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), Stride(kind, dimensions));
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(16), nonce);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(24), generation);
        return header;
    }

    /// <summary>True when <paramref name="header"/> is the header <see cref="Header"/> writes for these values.</summary>
    public static bool Matches(ReadOnlySpan<byte> header, VectorFileKind kind, int dimensions, long nonce, long generation) =>
        header.Length >= HeaderBytes && header[..HeaderBytes].SequenceEqual(Header(kind, dimensions, nonce, generation));

    /// <summary>
    /// Writes the <c>.q8</c> row of the L2-normalised <paramref name="vector"/> into <paramref name="row"/>: codes
    /// round(v / scale) in [-127, 127] with scale = max|v| / 127, then scale, the sum of the codes, created and expires.
    /// </summary>
    public static void WriteCodeRow(Span<byte> row, ReadOnlySpan<float> vector, long created, long expires)
    {
        var codes = CodeBytes(vector.Length);
        row[..codes].Clear();
        var max = vector.Length == 0 ? 0 : MathF.Abs(TensorPrimitives.MaxMagnitude(vector));
        var scale = max > 0 ? max / 127f : 0f;
        var sum = 0;
        if (scale > 0)
        {
            var inverse = 1f / scale;
            for (var d = 0; d < vector.Length; d++)
            {
                var code = (int)MathF.Round(vector[d] * inverse);
                code = Math.Clamp(code, -127, 127);
                row[d] = (byte)(sbyte)code;
                sum += code;
            }
        }

        BinaryPrimitives.WriteSingleLittleEndian(row[codes..], scale);
        BinaryPrimitives.WriteInt32LittleEndian(row[(codes + 4)..], sum);
        BinaryPrimitives.WriteInt64LittleEndian(row[(codes + 8)..], created);
        BinaryPrimitives.WriteInt64LittleEndian(row[(codes + 16)..], expires);
    }

    /// <summary>
    /// Writes the <c>.q4</c> row of <paramref name="vector"/>: code n = clamp(round(v / step), -8, 7) + 8 with
    /// step = max|v| / 7, stored so byte j of 64-dimension block b holds dimension 64b + j (low nibble) and 64b + 32 + j
    /// (high nibble); then step and expires.
    /// </summary>
    public static void WriteNibbleRow(Span<byte> row, ReadOnlySpan<float> vector, long expires)
    {
        var bytes = NibbleBytes(vector.Length);
        row[..bytes].Fill(0x88);
        var max = vector.Length == 0 ? 0 : MathF.Abs(TensorPrimitives.MaxMagnitude(vector));
        var step = max > 0 ? max / 7f : 0f;
        if (step > 0)
        {
            for (var d = 0; d < vector.Length; d++)
            {
                var code = (byte)(Math.Clamp((int)MathF.Round(vector[d] / step), -8, 7) + 8);
                var at = ((d / 64) * 32) + (d % 32);
                row[at] = (d % 64) < 32 ? (byte)((row[at] & 0xF0) | code) : (byte)((row[at] & 0x0F) | (code << 4));
            }
        }

        BinaryPrimitives.WriteSingleLittleEndian(row[bytes..], step);
        BinaryPrimitives.WriteInt32LittleEndian(row[(bytes + 4)..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(row[(bytes + 8)..], expires);
    }

    /// <summary>Writes the <c>.f32</c> row (rowid, then the vector) into <paramref name="row"/>.</summary>
    public static void WriteFloatRow(Span<byte> row, long rowId, ReadOnlySpan<float> vector)
    {
        BinaryPrimitives.WriteInt64LittleEndian(row, rowId);
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector).CopyTo(row[sizeof(long)..]);
    }
}
