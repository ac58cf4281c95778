using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace AgentFlow.Memory;

/// <summary>
/// One generation of an agent's vector files open for writing inside a write transaction of the memory file: rows
/// are appended after the committed count (whatever a crashed writer left beyond it is overwritten) and buffered,
/// then written by <see cref="Flush"/> before the transaction commits the new count. The codes file grows in steps
/// of an eighth, so readers can keep their mapping across many appends.
/// </summary>
internal sealed class AgentVectorFiles : IDisposable
{
    private const int BufferRows = 2048;

    private readonly int _dimensions;
    private readonly int _codeStride;
    private readonly int _floatStride;
    private readonly FileStream _codes;
    private readonly FileStream _floats;
    private readonly byte[] _codeBuffer;
    private readonly byte[] _floatBuffer;
    private int _buffered;

    private AgentVectorFiles(VectorEntry entry, int dimensions, FileStream codes, FileStream floats)
    {
        Entry = entry;
        _dimensions = dimensions;
        _codeStride = VectorFileLayout.CodeStride(dimensions);
        _floatStride = VectorFileLayout.FloatStride(dimensions);
        _codes = codes;
        _floats = floats;
        _codeBuffer = new byte[BufferRows * _codeStride];
        _floatBuffer = new byte[BufferRows * _floatStride];
    }

    /// <summary>The generation, nonce and row count (committed plus appended) of the files.</summary>
    public VectorEntry Entry { get; private set; }

    /// <summary>Opens the generation <paramref name="entry"/> names, or null when a file is missing, foreign or shorter than its committed rows.</summary>
    public static AgentVectorFiles? TryOpen(string folder, string agentKey, int dimensions, VectorEntry entry)
    {
        FileStream? codes = null;
        FileStream? floats = null;
        try
        {
            codes = OpenFile(VectorFileLayout.PathOf(folder, agentKey, entry.Nonce, floats: false), FileMode.Open);
            floats = OpenFile(VectorFileLayout.PathOf(folder, agentKey, entry.Nonce, floats: true), FileMode.Open);
            if (!Valid(codes, floats: false, dimensions, entry) || !Valid(floats, floats: true, dimensions, entry))
            {
                codes.Dispose();
                floats.Dispose();
                return null;
            }

            return new AgentVectorFiles(entry, dimensions, codes, floats);
        }
        catch (IOException)
        {
            codes?.Dispose();
            floats?.Dispose();
            return null;
        }
    }

    /// <summary>Creates the empty files of a new generation (a fresh nonce, so no reader's files are ever overwritten).</summary>
    public static AgentVectorFiles Create(string folder, string agentKey, int dimensions, long generation)
    {
        Directory.CreateDirectory(folder);
        var entry = new VectorEntry(generation, Random.Shared.NextInt64(1, long.MaxValue), 0);
        var codes = OpenFile(VectorFileLayout.PathOf(folder, agentKey, entry.Nonce, floats: false), FileMode.Create);
        var floats = OpenFile(VectorFileLayout.PathOf(folder, agentKey, entry.Nonce, floats: true), FileMode.Create);
        RandomAccess.Write(codes.SafeFileHandle, VectorFileLayout.Header(false, dimensions, entry.Nonce, generation), 0);
        RandomAccess.Write(floats.SafeFileHandle, VectorFileLayout.Header(true, dimensions, entry.Nonce, generation), 0);
        return new AgentVectorFiles(entry, dimensions, codes, floats);
    }

    /// <summary>Appends the memory <paramref name="rowId"/> with its L2-normalised <paramref name="vector"/>.</summary>
    public void Append(long rowId, ReadOnlySpan<float> vector, long created, long expires)
    {
        VectorFileLayout.WriteCodeRow(_codeBuffer.AsSpan(_buffered * _codeStride, _codeStride), vector, created, expires);
        VectorFileLayout.WriteFloatRow(_floatBuffer.AsSpan(_buffered * _floatStride, _floatStride), rowId, vector);
        if (++_buffered == BufferRows)
        {
            Flush();
        }
    }

    /// <summary>Copies every row of <paramref name="source"/> whose rowid is not in <paramref name="removed"/> (compaction).</summary>
    public void CopyFrom(AgentVectorFiles source, IReadOnlySet<long> removed)
    {
        var codes = new byte[_codeStride * BufferRows];
        var floats = new byte[_floatStride * BufferRows];
        for (long start = 0; start < source.Entry.Count; start += BufferRows)
        {
            var rows = (int)Math.Min(BufferRows, source.Entry.Count - start);
            RandomAccess.Read(source._codes.SafeFileHandle, codes.AsSpan(0, rows * _codeStride), VectorFileLayout.HeaderBytes + (start * _codeStride));
            RandomAccess.Read(source._floats.SafeFileHandle, floats.AsSpan(0, rows * _floatStride), VectorFileLayout.HeaderBytes + (start * _floatStride));
            for (var row = 0; row < rows; row++)
            {
                var floatRow = floats.AsSpan(row * _floatStride, _floatStride);
                if (removed.Contains(BinaryPrimitives.ReadInt64LittleEndian(floatRow)))
                {
                    continue;
                }

                codes.AsSpan(row * _codeStride, _codeStride).CopyTo(_codeBuffer.AsSpan(_buffered * _codeStride));
                floatRow.CopyTo(_floatBuffer.AsSpan(_buffered * _floatStride));
                if (++_buffered == BufferRows)
                {
                    Flush();
                }
            }
        }
    }

    /// <summary>Writes the buffered rows after the rows already in the files.</summary>
    public void Flush()
    {
        if (_buffered == 0)
        {
            return;
        }

        var codeOffset = VectorFileLayout.HeaderBytes + (Entry.Count * _codeStride);
        var codeEnd = codeOffset + ((long)_buffered * _codeStride);
        if (codeEnd > _codes.Length)
        {
            // Grown ahead, so a reader's mapping still covers the next appends.
            _codes.SetLength(Math.Max(codeEnd, _codes.Length + Math.Max(64 * 1024, _codes.Length / 8)));
        }

        RandomAccess.Write(_codes.SafeFileHandle, _codeBuffer.AsSpan(0, _buffered * _codeStride), codeOffset);
        RandomAccess.Write(_floats.SafeFileHandle, _floatBuffer.AsSpan(0, _buffered * _floatStride), VectorFileLayout.HeaderBytes + (Entry.Count * _floatStride));
        Entry = Entry with { Count = Entry.Count + _buffered };
        _buffered = 0;
    }

    /// <summary>The dimensions of the vectors.</summary>
    public int Dimensions => _dimensions;

    /// <inheritdoc />
    public void Dispose()
    {
        _codes.Dispose();
        _floats.Dispose();
    }

    private static FileStream OpenFile(string path, FileMode mode) =>
        new(path, mode, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);

    private static bool Valid(FileStream file, bool floats, int dimensions, VectorEntry entry)
    {
        Span<byte> header = stackalloc byte[VectorFileLayout.HeaderBytes];
        var stride = floats ? VectorFileLayout.FloatStride(dimensions) : VectorFileLayout.CodeStride(dimensions);
        return file.Length >= VectorFileLayout.HeaderBytes + (entry.Count * stride)
            && RandomAccess.Read(file.SafeFileHandle, header, 0) == header.Length
            && VectorFileLayout.Matches(header, floats, dimensions, entry.Nonce, entry.Generation);
    }
}
