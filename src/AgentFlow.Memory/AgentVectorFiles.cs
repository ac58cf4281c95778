using System.Buffers.Binary;

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
    private static readonly VectorFileKind[] Kinds = [VectorFileKind.Codes, VectorFileKind.Floats, VectorFileKind.Nibbles];

    private readonly int[] _strides;
    private readonly FileStream[] _files;
    private readonly byte[][] _buffers;
    private int _buffered;

    private AgentVectorFiles(VectorEntry entry, int dimensions, FileStream[] files)
    {
        Entry = entry;
        Dimensions = dimensions;
        _strides = [.. Kinds.Select(kind => VectorFileLayout.Stride(kind, dimensions))];
        _files = files;
        _buffers = [.. _strides.Select(stride => new byte[BufferRows * stride])];
    }

    /// <summary>The generation, nonce and row count (committed plus appended) of the files.</summary>
    public VectorEntry Entry { get; private set; }

    /// <summary>The dimensions of the vectors.</summary>
    public int Dimensions { get; }

    /// <summary>Opens the generation <paramref name="entry"/> names, or null when a file is missing, foreign or shorter than its committed rows.</summary>
    public static AgentVectorFiles? TryOpen(string folder, string agentKey, int dimensions, VectorEntry entry)
    {
        var files = new List<FileStream>();
        try
        {
            foreach (var kind in Kinds)
            {
                var file = OpenFile(VectorFileLayout.PathOf(folder, agentKey, entry.Nonce, kind), FileMode.Open);
                files.Add(file);
                if (!Valid(file, kind, dimensions, entry))
                {
                    files.ForEach(f => f.Dispose());
                    return null;
                }
            }

            return new AgentVectorFiles(entry, dimensions, [.. files]);
        }
        catch (IOException)
        {
            files.ForEach(f => f.Dispose());
            return null;
        }
    }

    /// <summary>Creates the empty files of a new generation (a fresh nonce, so no reader's files are ever overwritten).</summary>
    public static AgentVectorFiles Create(string folder, string agentKey, int dimensions, long generation)
    {
        Directory.CreateDirectory(folder);
        var entry = new VectorEntry(generation, Random.Shared.NextInt64(1, long.MaxValue), 0);
        var files = Kinds.Select(kind =>
        {
            var file = OpenFile(VectorFileLayout.PathOf(folder, agentKey, entry.Nonce, kind), FileMode.Create);
            RandomAccess.Write(file.SafeFileHandle, VectorFileLayout.Header(kind, dimensions, entry.Nonce, generation), 0);
            return file;
        }).ToArray();
        return new AgentVectorFiles(entry, dimensions, files);
    }

    /// <summary>Appends the memory <paramref name="rowId"/> with its L2-normalised <paramref name="vector"/>.</summary>
    public void Append(long rowId, ReadOnlySpan<float> vector, long created, long expires)
    {
        VectorFileLayout.WriteCodeRow(Slot(0), vector, created, expires);
        VectorFileLayout.WriteFloatRow(Slot(1), rowId, vector);
        VectorFileLayout.WriteNibbleRow(Slot(2), vector, expires);
        if (++_buffered == BufferRows)
        {
            Flush();
        }
    }

    /// <summary>Copies every row of <paramref name="source"/> whose rowid is not in <paramref name="removed"/> (compaction).</summary>
    public void CopyFrom(AgentVectorFiles source, IReadOnlySet<long> removed)
    {
        var chunks = _strides.Select(stride => new byte[stride * BufferRows]).ToArray();
        for (long start = 0; start < source.Entry.Count; start += BufferRows)
        {
            var rows = (int)Math.Min(BufferRows, source.Entry.Count - start);
            for (var file = 0; file < _files.Length; file++)
            {
                RandomAccess.Read(source._files[file].SafeFileHandle, chunks[file].AsSpan(0, rows * _strides[file]), VectorFileLayout.HeaderBytes + (start * _strides[file]));
            }

            for (var row = 0; row < rows; row++)
            {
                if (removed.Contains(BinaryPrimitives.ReadInt64LittleEndian(chunks[1].AsSpan(row * _strides[1]))))
                {
                    continue;
                }

                for (var file = 0; file < _files.Length; file++)
                {
                    chunks[file].AsSpan(row * _strides[file], _strides[file]).CopyTo(Slot(file));
                }

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

        for (var file = 0; file < _files.Length; file++)
        {
            var offset = VectorFileLayout.HeaderBytes + (Entry.Count * _strides[file]);
            var end = offset + ((long)_buffered * _strides[file]);
            if (Kinds[file] != VectorFileKind.Floats && end > _files[file].Length)
            {
                // Grown ahead, so a reader's mapping still covers the next appends.
                _files[file].SetLength(Math.Max(end, _files[file].Length + Math.Max(64 * 1024, _files[file].Length / 8)));
            }

            RandomAccess.Write(_files[file].SafeFileHandle, _buffers[file].AsSpan(0, _buffered * _strides[file]), offset);
        }

        Entry = Entry with { Count = Entry.Count + _buffered };
        _buffered = 0;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var file in _files)
        {
            file.Dispose();
        }
    }

    private Span<byte> Slot(int file) => _buffers[file].AsSpan(_buffered * _strides[file], _strides[file]);

    private static FileStream OpenFile(string path, FileMode mode) =>
        new(path, mode, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);

    private static bool Valid(FileStream file, VectorFileKind kind, int dimensions, VectorEntry entry)
    {
        Span<byte> header = stackalloc byte[VectorFileLayout.HeaderBytes];
        return file.Length >= VectorFileLayout.HeaderBytes + (entry.Count * VectorFileLayout.Stride(kind, dimensions))
            && RandomAccess.Read(file.SafeFileHandle, header, 0) == header.Length
            && VectorFileLayout.Matches(header, kind, dimensions, entry.Nonce, entry.Generation);
    }
}
