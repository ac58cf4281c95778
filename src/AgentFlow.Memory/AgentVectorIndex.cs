using System.Numerics.Tensors;
using System.Text.Json.Nodes;

namespace AgentFlow.Memory;

/// <summary>
/// One agent's memories as of one store revision, held for search: every embedding in one contiguous array (row i
/// at <c>i * dimensions</c>) beside the two columns the scan reads, so a search walks memory linearly and allocates
/// nothing per record.
/// </summary>
internal sealed partial class AgentVectorIndex
{
    private const double RecencyDays = 30;

    // From about this many rows a search is split across two cores: below it the hand-off costs more than it saves.
    private const int ParallelRows = 32_768;

    private readonly int _dimensions;
    private readonly float[] _vectors;
    private readonly long[] _created;
    private readonly long[] _expires;

    // Without embedding and metadata: hits get a copy of their vector and freshly parsed metadata (JsonObject is mutable).
    private readonly MemoryRecord[] _records;
    private readonly string?[] _metadata;

    private AgentVectorIndex(long revision, int count, int dimensions)
    {
        Revision = revision;
        _dimensions = dimensions;
        _vectors = new float[count * dimensions];
        _created = new long[count];
        _expires = new long[count];
        _records = new MemoryRecord[count];
        _metadata = new string?[count];
    }

    /// <summary>The store revision this snapshot reflects; a different current revision means it is stale.</summary>
    public long Revision { get; }

    /// <summary>
    /// Builds a snapshot from records already in memory (expired ones too) whose embeddings are L2-normalised; its
    /// <see cref="Revision"/> is 0 because the caller tracks freshness itself.
    /// </summary>
    public static AgentVectorIndex FromRecords(IReadOnlyList<MemoryRecord> records, int dimensions)
    {
        var index = new AgentVectorIndex(0, records.Count, dimensions);
        for (var row = 0; row < records.Count; row++)
        {
            var record = records[row];
            if (record.Embedding.Length != dimensions)
            {
                throw new InvalidDataException($"memory '{record.Id}' has an embedding of {record.Embedding.Length} floats; expected {dimensions}");
            }

            record.Embedding.CopyTo(index._vectors.AsSpan(row * dimensions, dimensions));
            index._created[row] = UtcTicks.From(record.CreatedAt);
            index._expires[row] = record.ExpiresAt is { } expires ? UtcTicks.From(expires) : long.MaxValue;
            index._metadata[row] = record.Metadata?.ToJsonString();
            index._records[row] = record with { Embedding = [], Metadata = null };
        }

        return index;
    }

    /// <summary>Exact top-k by (recency-blended) cosine; <paramref name="query"/> must be L2-normalised.</summary>
    public IReadOnlyList<MemoryHit> Search(float[] query, int k, double minScore, double recencyWeight, long nowTicks)
    {
        var rows = _records.Length;
        PriorityQueue<int, HitRank> best;
        if (rows >= ParallelRows && Environment.ProcessorCount > 1)
        {
            // The ranking is a total order (ids are unique), so the best k of the two halves' best k are the best k.
            var half = rows / 2;
            var parts = new PriorityQueue<int, HitRank>[2];
            Parallel.Invoke(
                () => parts[0] = Scan(query, 0, half, k, minScore, recencyWeight, nowTicks),
                () => parts[1] = Scan(query, half, rows, k, minScore, recencyWeight, nowTicks));
            best = parts[0];
            while (parts[1].TryDequeue(out var row, out var rank))
            {
                best.Offer(k, row, rank);
            }
        }
        else
        {
            best = Scan(query, 0, rows, k, minScore, recencyWeight, nowTicks);
        }

        var hits = new MemoryHit[best.Count];
        for (var i = hits.Length - 1; best.TryDequeue(out var row, out var rank); i--)
        {
            hits[i] = new MemoryHit(ToRecord(row), rank.Score);
        }

        return hits;
    }
    /// <summary>Up to <paramref name="limit"/> unexpired records, newest first (then by id).</summary>
    public IReadOnlyList<MemoryRecord> List(int limit, long nowTicks)
    {
        var rows = Enumerable.Range(0, _records.Length).Where(row => _expires[row] > nowTicks).ToArray();
        Array.Sort(rows, (a, b) => _created[a] != _created[b] ? _created[b].CompareTo(_created[a]) : string.CompareOrdinal(_records[a].Id, _records[b].Id));
        return rows.Take(Math.Max(0, limit)).Select(ToRecord).ToArray();
    }

    private MemoryRecord ToRecord(int row) => _records[row] with
    {
        Embedding = _vectors.AsSpan(row * _dimensions, _dimensions).ToArray(),
        Metadata = _metadata[row] is { } json ? JsonNode.Parse(json) as JsonObject : null,
    };
}
