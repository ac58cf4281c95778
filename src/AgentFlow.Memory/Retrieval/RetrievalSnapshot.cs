using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace AgentFlow.Memory.Retrieval;

/// <summary>
/// One namespace's chunks as of one revision, held for search: every embedding in one contiguous array (row i at
/// <c>i * dimensions</c>), each chunk's BM25 length, and its row id. Rows are in (document id, chunk ordinal) order,
/// which is also the tie-break of every ranking, so equal scores always come out in the same order.
/// </summary>
internal sealed class RetrievalSnapshot
{
    /// <summary>Lower score first; among equals the later row (so the earlier row survives and ranks first).</summary>
    private static readonly IComparer<(float Score, int Row)> WorstFirst = Comparer<(float Score, int Row)>.Create(
        static (a, b) => a.Score != b.Score ? a.Score.CompareTo(b.Score) : b.Row.CompareTo(a.Row));

    private readonly int _dimensions;
    private readonly float[] _vectors;
    private readonly Dictionary<long, int> _rows;

    private RetrievalSnapshot(long revision, int dimensions, int count)
    {
        Revision = revision;
        _dimensions = dimensions;
        _vectors = new float[count * dimensions];
        ChunkIds = new long[count];
        Lengths = new int[count];
        _rows = new Dictionary<long, int>(count);
    }

    /// <summary>The namespace revision this snapshot reflects.</summary>
    public long Revision { get; }

    /// <summary>Row → chunk id in the file.</summary>
    public long[] ChunkIds { get; }

    /// <summary>Row → number of BM25 terms in the chunk.</summary>
    public int[] Lengths { get; }

    /// <summary>Mean of <see cref="Lengths"/> (BM25's avgdl).</summary>
    public double AverageLength { get; private set; }

    /// <summary>Number of chunks.</summary>
    public int Count => ChunkIds.Length;

    public static async Task<RetrievalSnapshot> LoadAsync(
        SqliteConnection connection, SqliteTransaction transaction, long ns, long revision, int dimensions, CancellationToken cancellationToken)
    {
        await using var count = SqliteMemoryStore.Command(connection, transaction, "SELECT COUNT(*) FROM chunks WHERE ns = $ns", ("$ns", ns));
        var rows = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        var snapshot = new RetrievalSnapshot(revision, dimensions, rows);
        var blob = new byte[dimensions * sizeof(float)];
        await using var select = SqliteMemoryStore.Command(
            connection, transaction, "SELECT id, terms, embedding FROM chunks WHERE ns = $ns ORDER BY document, ordinal", ("$ns", ns));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        for (var row = 0; row < rows && await reader.ReadAsync(cancellationToken).ConfigureAwait(false); row++)
        {
            if (reader.GetBytes(2, 0, null, 0, 0) != blob.Length)
            {
                throw new InvalidDataException($"chunk {reader.GetInt64(0)} has an embedding of {reader.GetBytes(2, 0, null, 0, 0)} bytes; expected {blob.Length}");
            }

            reader.GetBytes(2, 0, blob, 0, blob.Length);
            MemoryMarshal.Cast<byte, float>(blob).CopyTo(snapshot._vectors.AsSpan(row * dimensions, dimensions));
            snapshot.ChunkIds[row] = reader.GetInt64(0);
            snapshot.Lengths[row] = reader.GetInt32(1);
            snapshot._rows[snapshot.ChunkIds[row]] = row;
        }

        snapshot.AverageLength = rows == 0 ? 0 : snapshot.Lengths.Average();
        return snapshot;
    }

    /// <summary>
    /// A snapshot of rows already in (document id, chunk ordinal) order: <paramref name="vectors"/> holds row i at
    /// <c>i * dimensions</c>, and row i's chunk id is i.
    /// </summary>
    public static RetrievalSnapshot FromRows(long revision, int dimensions, float[] vectors, int[] lengths)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(lengths);
        var snapshot = new RetrievalSnapshot(revision, dimensions, lengths.Length);
        vectors.AsSpan(0, lengths.Length * dimensions).CopyTo(snapshot._vectors);
        lengths.CopyTo(snapshot.Lengths, 0);
        for (var row = 0; row < lengths.Length; row++)
        {
            snapshot.ChunkIds[row] = row;
            snapshot._rows[row] = row;
        }

        snapshot.AverageLength = lengths.Length == 0 ? 0 : lengths.Average();
        return snapshot;
    }

    /// <summary>The row of chunk <paramref name="chunkId"/>, or -1 when it is not in this snapshot.</summary>
    public int RowOf(long chunkId) => _rows.TryGetValue(chunkId, out var row) ? row : -1;

    /// <summary>
    /// The <paramref name="n"/> rows with the highest cosine to <paramref name="query"/> (L2-normalised, as every
    /// stored vector is), best first; exact, one SIMD dot product per chunk.
    /// </summary>
    public int[] Nearest(ReadOnlySpan<float> query, int n)
    {
        var best = new PriorityQueue<int, (float Score, int Row)>(Math.Max(1, Math.Min(n, Count)), WorstFirst);
        var vectors = _vectors.AsSpan();
        for (var row = 0; row < Count; row++)
        {
            var score = TensorPrimitives.Dot(vectors.Slice(row * _dimensions, _dimensions), query);
            if (best.Count < n)
            {
                best.Enqueue(row, (score, row));
            }
            else
            {
                best.EnqueueDequeue(row, (score, row));
            }
        }

        var rows = new int[best.Count];
        for (var i = rows.Length - 1; best.TryDequeue(out var row, out _); i--)
        {
            rows[i] = row;
        }

        return rows;
    }
}
