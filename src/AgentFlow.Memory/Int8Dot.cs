using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AgentFlow.Memory;

/// <summary>
/// A query quantised like the stored rows, and the integer dot product of it with a row of int8 codes: AVX-VNNI
/// (<c>vpdpbusd</c>, unsigned x signed bytes: the query is stored offset by 128 and the row's code sum corrects for it),
/// else AVX-512BW or AVX2 (bytes widened to shorts, <c>vpmaddwd</c>), else scalar.
/// </summary>
internal sealed unsafe class Int8Dot
{
    // On the pinned heap, so the scan reads them through pointers without pinning per row.
    private readonly byte[] _offset;   // code + 128, for VNNI
    private readonly short[] _wide;    // code as short, for vpmaddwd
    private readonly sbyte[] _codes;
    private readonly byte* _offsetAt;
    private readonly short* _wideAt;
    private readonly sbyte* _codesAt;
    private readonly int _codeSum;

    /// <summary>Quantises the L2-normalised <paramref name="query"/> to <paramref name="codeBytes"/> codes (zero padded).</summary>
    public Int8Dot(ReadOnlySpan<float> query, int codeBytes)
    {
        _codes = GC.AllocateArray<sbyte>(codeBytes, pinned: true);
        _offset = GC.AllocateArray<byte>(codeBytes, pinned: true);
        _wide = GC.AllocateArray<short>(codeBytes, pinned: true);
        _codesAt = (sbyte*)Marshal.UnsafeAddrOfPinnedArrayElement(_codes, 0);
        _offsetAt = (byte*)Marshal.UnsafeAddrOfPinnedArrayElement(_offset, 0);
        _wideAt = (short*)Marshal.UnsafeAddrOfPinnedArrayElement(_wide, 0);
        var max = query.Length == 0 ? 0 : MathF.Abs(TensorPrimitives.MaxMagnitude(query));
        Scale = max > 0 ? max / 127f : 0f;
        for (var d = 0; d < codeBytes; d++)
        {
            var code = d < query.Length && Scale > 0 ? Math.Clamp((int)MathF.Round(query[d] / Scale), -127, 127) : 0;
            _codes[d] = (sbyte)code;
            _offset[d] = (byte)(code + 128);
            _wide[d] = (short)code;
            _codeSum += code;
        }
    }

    /// <summary>
    /// The dot product of the query codes with the 4-bit codes at <paramref name="row"/> (<paramref name="length"/>
    /// bytes, see <see cref="VectorFileLayout.WriteNibbleRow"/>), as if each code were n - 8; the query must have been
    /// made with at least 2 * <paramref name="length"/> codes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public int NibbleDot(byte* row, int length)
    {
        var sum = 0;
        var b = 0;
        if (AvxVnni.IsSupported || Avx2.IsSupported)
        {
            var mask = Vector256.Create((byte)0x0F);
            var accumulator = Vector256<int>.Zero;
            var ones = Vector256.Create((short)1);
            for (; b + 32 <= length; b += 32)
            {
                var packed = Vector256.Load(row + b);
                var low = packed & mask;
                var high = Vector256.ShiftRightLogical(packed.AsUInt16(), 4).AsByte() & mask;
                var lowQuery = Vector256.Load(_codesAt + (2 * b));
                var highQuery = Vector256.Load(_codesAt + (2 * b) + 32);
                if (AvxVnni.IsSupported)
                {
                    accumulator = AvxVnni.MultiplyWideningAndAdd(accumulator, low, lowQuery);
                    accumulator = AvxVnni.MultiplyWideningAndAdd(accumulator, high, highQuery);
                }
                else
                {
                    // 15 * 127 * 2 fits a short, so vpmaddubsw never saturates here.
                    var pairs = Avx2.MultiplyAddAdjacent(low, lowQuery) + Avx2.MultiplyAddAdjacent(high, highQuery);
                    accumulator += Avx2.MultiplyAddAdjacent(pairs, ones);
                }
            }

            sum = Vector256.Sum(accumulator);
        }

        for (; b < length; b++)
        {
            var block = (b / 32) * 64;
            sum += ((row[b] & 0x0F) * _codesAt[block + (b % 32)]) + ((row[b] >> 4) * _codesAt[block + 32 + (b % 32)]);
        }

        return sum - (8 * _codeSum);
    }

    /// <summary>The query's scale: its approximate dot with a row is <c>Scale * rowScale * Dot(row, rowCodeSum)</c>.</summary>
    public float Scale { get; }

    /// <summary>The integer dot product of the query codes with the <paramref name="length"/> codes at <paramref name="row"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public int Dot(byte* row, int length, int rowCodeSum)
    {
        if (AvxVnni.IsSupported)
        {
            return DotVnni(_offsetAt, row, length) - (128 * rowCodeSum);
        }

        if (Avx512BW.IsSupported)
        {
            return DotAvx512(_wideAt, row, length);
        }

        return Avx2.IsSupported ? DotAvx2(_wideAt, row, length) : DotScalar(_codesAt, (sbyte*)row, 0, length, 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DotVnni(byte* query, byte* row, int length)
    {
        var sum0 = Vector256<int>.Zero;
        var sum1 = Vector256<int>.Zero;
        var d = 0;
        for (; d + 64 <= length; d += 64)
        {
            sum0 = AvxVnni.MultiplyWideningAndAdd(sum0, Vector256.Load(query + d), Vector256.Load((sbyte*)row + d));
            sum1 = AvxVnni.MultiplyWideningAndAdd(sum1, Vector256.Load(query + d + 32), Vector256.Load((sbyte*)row + d + 32));
        }

        for (; d + 32 <= length; d += 32)
        {
            sum0 = AvxVnni.MultiplyWideningAndAdd(sum0, Vector256.Load(query + d), Vector256.Load((sbyte*)row + d));
        }

        var sum = Vector256.Sum(sum0 + sum1);
        for (; d < length; d++)
        {
            sum += query[d] * ((sbyte*)row)[d];
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DotAvx512(short* query, byte* row, int length)
    {
        var sum = Vector512<int>.Zero;
        var d = 0;
        for (; d + 32 <= length; d += 32)
        {
            var codes = Avx512BW.ConvertToVector512Int16(Vector256.Load((sbyte*)row + d));
            sum += Avx512BW.MultiplyAddAdjacent(codes, Vector512.Load(query + d));
        }

        return DotScalar(query, (sbyte*)row, d, length, Vector512.Sum(sum));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DotAvx2(short* query, byte* row, int length)
    {
        var sum = Vector256<int>.Zero;
        var d = 0;
        for (; d + 16 <= length; d += 16)
        {
            var codes = Avx2.ConvertToVector256Int16(Vector128.Load((sbyte*)row + d));
            sum += Avx2.MultiplyAddAdjacent(codes, Vector256.Load(query + d));
        }

        return DotScalar(query, (sbyte*)row, d, length, Vector256.Sum(sum));
    }

    private static int DotScalar(short* query, sbyte* row, int from, int length, int sum)
    {
        for (var d = from; d < length; d++)
        {
            sum += query[d] * row[d];
        }

        return sum;
    }

    private static int DotScalar(sbyte* query, sbyte* row, int from, int length, int sum)
    {
        for (var d = from; d < length; d++)
        {
            sum += query[d] * row[d];
        }

        return sum;
    }
}
