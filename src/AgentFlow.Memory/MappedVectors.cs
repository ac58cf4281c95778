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
    private readonly MemoryMappedFile _nibbleMap;
    private readonly MemoryMappedViewAccessor _nibbleView;
    private readonly SafeFileHandle _floats;
    private readonly int _floatStride;

    private MappedVectors(VectorEntry entry, int dimensions, (MemoryMappedFile Map, MemoryMappedViewAccessor View, long Rows) codes, (MemoryMappedFile Map, MemoryMappedViewAccessor View, long Rows) nibbles, SafeFileHandle floats)
    {
        NibbleStride = VectorFileLayout.NibbleStride(dimensions);
        NibbleBytes = VectorFileLayout.NibbleBytes(dimensions);
        _nibbleMap = nibbles.Map;
        _nibbleView = nibbles.View;
        Entry = entry;
        Dimensions = dimensions;
        CodeStride = VectorFileLayout.CodeStride(dimensions);
        CodeBytes = VectorFileLayout.CodeBytes(dimensions);
        _floatStride = VectorFileLayout.FloatStride(dimensions);
        _map = codes.Map;
        _view = codes.View;
        _floats = floats;
        MappedRows = Math.Min(codes.Rows, nibbles.Rows);
    }

    /// <summary>The generation this maps (its count is the committed count when it was opened).</summary>
    public VectorEntry Entry { get; }

    /// <summary>Floats per vector.</summary>
    public int Dimensions { get; }

    /// <summary>Bytes per row of the codes file.</summary>
    public int CodeStride { get; }

    /// <summary>Bytes of codes at the start of a row.</summary>
    public int CodeBytes { get; }

    /// <summary>Bytes per row of the 4-bit codes file.</summary>
    public int NibbleStride { get; }

    /// <summary>Bytes of 4-bit codes at the start of a row.</summary>
    public int NibbleBytes { get; }

    /// <summary>How many rows the mapping covers.</summary>
    public long MappedRows { get; }

    /// <summary>
    /// Maps the files <paramref name="entry"/> names, or returns null when one is missing, has another header, is
    /// shorter than the committed rows, or its last committed row's rowid fails <paramref name="lastRowIsValid"/>.
    /// </summary>
    public static MappedVectors? TryOpen(string folder, string agentKey, int dimensions, VectorEntry entry, Func<long, bool>? lastRowIsValid)
    {
        SafeFileHandle? floats = null;
        (MemoryMappedFile Map, MemoryMappedViewAccessor View, long Rows)? codes = null;
        (MemoryMappedFile Map, MemoryMappedViewAccessor View, long Rows)? nibbles = null;
        try
        {
            floats = File.OpenHandle(VectorFileLayout.PathOf(folder, agentKey, entry.Nonce, VectorFileKind.Floats), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> header = stackalloc byte[VectorFileLayout.HeaderBytes];
            if (RandomAccess.GetLength(floats) < VectorFileLayout.HeaderBytes + (entry.Count * VectorFileLayout.FloatStride(dimensions))
                || RandomAccess.Read(floats, header, 0) != header.Length
                || !VectorFileLayout.Matches(header, VectorFileKind.Floats, dimensions, entry.Nonce, entry.Generation))
            {
                floats.Dispose();
                return null;
            }

            codes = MapFile(folder, agentKey, dimensions, entry, VectorFileKind.Codes);
            nibbles = MapFile(folder, agentKey, dimensions, entry, VectorFileKind.Nibbles);
            if (codes is null || nibbles is null)
            {
                Unmap(codes);
                Unmap(nibbles);
                floats.Dispose();
                return null;
            }

            var mapped = new MappedVectors(entry, dimensions, codes.Value, nibbles.Value, floats);
            if (entry.Count > 0 && lastRowIsValid is not null && !lastRowIsValid(mapped.RowId(entry.Count - 1)))
            {
                mapped.Dispose();
                return null;
            }

            return mapped;
        }
        catch (IOException)
        {
            Unmap(codes);
            Unmap(nibbles);
            floats?.Dispose();
            return null;
        }
    }

    /// <summary>The start of the first row of the 4-bit codes; holds the view until <see cref="ReleaseNibbles"/>.</summary>
    public byte* AcquireNibbles()
    {
        byte* pointer = null;
        _nibbleView.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        return pointer + _nibbleView.PointerOffset + VectorFileLayout.HeaderBytes;
    }

    /// <summary>Lets go of the view taken by <see cref="AcquireNibbles"/>.</summary>
    public void ReleaseNibbles() => _nibbleView.SafeMemoryMappedViewHandle.ReleasePointer();

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

    /// <summary>
    /// Touches one byte of every page of both mapped code files, so the searches after a preload take no page faults
    /// on the rows they rescore (a process that keeps searching ends up with these pages resident anyway).
    /// </summary>
    /// <exception cref="ObjectDisposedException">The mapping was replaced and disposed meanwhile.</exception>
    public void Prefault()
    {
        var codes = Acquire();
        try
        {
            Touch(codes, MappedRows * CodeStride);
        }
        finally
        {
            Release();
        }

        var nibbles = AcquireNibbles();
        try
        {
            Touch(nibbles, MappedRows * NibbleStride);
        }
        finally
        {
            ReleaseNibbles();
        }
    }

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
        _nibbleView.Dispose();
        _nibbleMap.Dispose();
        _floats.Dispose();
    }

    private static (MemoryMappedFile Map, MemoryMappedViewAccessor View, long Rows)? MapFile(string folder, string agentKey, int dimensions, VectorEntry entry, VectorFileKind kind)
    {
        using var file = new FileStream(VectorFileLayout.PathOf(folder, agentKey, entry.Nonce, kind), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        Span<byte> header = stackalloc byte[VectorFileLayout.HeaderBytes];
        var stride = VectorFileLayout.Stride(kind, dimensions);
        var length = file.Length;
        if (length < VectorFileLayout.HeaderBytes + (entry.Count * stride)
            || RandomAccess.Read(file.SafeFileHandle, header, 0) != header.Length
            || !VectorFileLayout.Matches(header, kind, dimensions, entry.Nonce, entry.Generation))
        {
            return null;
        }

        var map = MemoryMappedFile.CreateFromFile(file, mapName: null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        return (map, map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read), (length - VectorFileLayout.HeaderBytes) / stride);
    }

    private static void Unmap((MemoryMappedFile Map, MemoryMappedViewAccessor View, long Rows)? mapping)
    {
        mapping?.View.Dispose();
        mapping?.Map.Dispose();
    }

    private static void Touch(byte* start, long bytes)
    {
        var page = Environment.SystemPageSize;
        var sum = 0;
        for (long offset = 0; offset < bytes; offset += page)
        {
            sum += Volatile.Read(ref start[offset]);
        }

        GC.KeepAlive(sum);
    }

    private long RowId(long row)
    {
        Span<byte> buffer = stackalloc byte[sizeof(long)];
        return RandomAccess.Read(_floats, buffer, VectorFileLayout.HeaderBytes + (row * _floatStride)) == buffer.Length
            ? BinaryPrimitives.ReadInt64LittleEndian(buffer)
            : -1;
    }
}
