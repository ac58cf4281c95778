using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace AgentFlow.Memory;

/// <summary>
/// One generation of an agent's vector files open for search: the <c>.q8</c> file memory-mapped read-only (so opening
/// costs no reading, and the pages are the OS page cache's, shared between processes) and the <c>.f32</c> file open
/// for the positioned reads of re-ranking. Rows are appended after the mapping was made, so it covers
/// <see cref="MappedRows"/> rows; a caller needing more maps again. A search holds the view with
/// <see cref="Acquire"/>, so disposing a replaced mapping never unmaps it under a running scan.
/// </summary>
internal sealed unsafe class MappedVectors : IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly SafeFileHandle _floats;
    private readonly int _floatStride;

    private MappedVectors(VectorEntry entry, int dimensions, MemoryMappedFile map, MemoryMappedViewAccessor view, SafeFileHandle floats, long mappedRows)
    {
        Entry = entry;
        Dimensions = dimensions;
        CodeStride = VectorFileLayout.CodeStride(dimensions);
        CodeBytes = VectorFileLayout.CodeBytes(dimensions);
        _floatStride = VectorFileLayout.FloatStride(dimensions);
        _map = map;
        _view = view;
        _floats = floats;
        MappedRows = mappedRows;
    }

    /// <summary>The generation this maps (its count is the committed count when it was opened).</summary>
    public VectorEntry Entry { get; }

    /// <summary>Floats per vector.</summary>
    public int Dimensions { get; }

    /// <summary>Bytes per row of the codes file.</summary>
    public int CodeStride { get; }

    /// <summary>Bytes of codes at the start of a row.</summary>
    public int CodeBytes { get; }

    /// <summary>How many rows the mapping covers.</summary>
    public long MappedRows { get; }

    /// <summary>
    /// Maps the files <paramref name="entry"/> names, or returns null when one is missing, has another header, is
    /// shorter than the committed rows, or its last committed row's rowid fails <paramref name="lastRowIsValid"/>.
    /// </summary>
    public static MappedVectors? TryOpen(string folder, string agentKey, int dimensions, VectorEntry entry, Func<long, bool>? lastRowIsValid)
    {
        SafeFileHandle? floats = null;
        MemoryMappedFile? map = null;
        MemoryMappedViewAccessor? view = null;
        try
        {
            var codesPath = VectorFileLayout.PathOf(folder, agentKey, entry.Nonce, floats: false);
            floats = File.OpenHandle(VectorFileLayout.PathOf(folder, agentKey, entry.Nonce, floats: true), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> header = stackalloc byte[VectorFileLayout.HeaderBytes];
            var floatStride = VectorFileLayout.FloatStride(dimensions);
            if (RandomAccess.GetLength(floats) < VectorFileLayout.HeaderBytes + (entry.Count * floatStride)
                || RandomAccess.Read(floats, header, 0) != header.Length
                || !VectorFileLayout.Matches(header, floats: true, dimensions, entry.Nonce, entry.Generation))
            {
                floats.Dispose();
                return null;
            }

            using (var codes = new FileStream(codesPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0))
            {
                var stride = VectorFileLayout.CodeStride(dimensions);
                var length = codes.Length;
                if (length < VectorFileLayout.HeaderBytes + (entry.Count * stride)
                    || RandomAccess.Read(codes.SafeFileHandle, header, 0) != header.Length
                    || !VectorFileLayout.Matches(header, floats: false, dimensions, entry.Nonce, entry.Generation))
                {
                    floats.Dispose();
                    return null;
                }

                map = MemoryMappedFile.CreateFromFile(codes, mapName: null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
                view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
                var mapped = new MappedVectors(entry, dimensions, map, view, floats, (length - VectorFileLayout.HeaderBytes) / stride);
                if (entry.Count > 0 && lastRowIsValid is not null && !lastRowIsValid(mapped.RowId(entry.Count - 1)))
                {
                    mapped.Dispose();
                    return null;
                }

                return mapped;
            }
        }
        catch (IOException)
        {
            view?.Dispose();
            map?.Dispose();
            floats?.Dispose();
            return null;
        }
    }

    /// <summary>The start of the first row; holds the view until <see cref="Release"/>.</summary>
    /// <exception cref="ObjectDisposedException">The mapping was replaced and disposed meanwhile.</exception>
    public byte* Acquire()
    {
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        return pointer + _view.PointerOffset + VectorFileLayout.HeaderBytes;
    }

    /// <summary>Lets go of the view taken by <see cref="Acquire"/>.</summary>
    public void Release() => _view.SafeMemoryMappedViewHandle.ReleasePointer();

    /// <summary>Reads the float vector of <paramref name="row"/> into <paramref name="vector"/> and returns the row's rowid.</summary>
    public long ReadFloats(long row, Span<float> vector)
    {
        Span<byte> buffer = stackalloc byte[_floatStride];
        if (RandomAccess.Read(_floats, buffer, VectorFileLayout.HeaderBytes + (row * _floatStride)) != buffer.Length)
        {
            throw new InvalidDataException("the memory vector file ended early");
        }

        MemoryMarshal.Cast<byte, float>(buffer[sizeof(long)..]).CopyTo(vector);
        return BinaryPrimitives.ReadInt64LittleEndian(buffer);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _view.Dispose();
        _map.Dispose();
        _floats.Dispose();
    }

    private long RowId(long row)
    {
        Span<byte> buffer = stackalloc byte[sizeof(long)];
        return RandomAccess.Read(_floats, buffer, VectorFileLayout.HeaderBytes + (row * _floatStride)) == buffer.Length
            ? BinaryPrimitives.ReadInt64LittleEndian(buffer)
            : -1;
    }
}
