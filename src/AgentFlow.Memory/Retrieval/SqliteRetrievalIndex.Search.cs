using System.Numerics.Tensors;
using Microsoft.Data.Sqlite;

namespace AgentFlow.Memory.Retrieval;

/// <summary>Hybrid search: BM25 and exact vector rankings fused by reciprocal rank.</summary>
internal sealed partial class SqliteRetrievalIndex
{
    /// <summary>
    /// The <paramref name="top"/> chunks of namespace <paramref name="key"/> for <paramref name="query"/> (its words
    /// for BM25) and <paramref name="queryVector"/> (its embedding): each ranker contributes its best
    /// <paramref name="candidates"/>, fused with constant <paramref name="fusionK"/>. Empty for an unknown namespace.
    /// </summary>
    public async Task<IReadOnlyList<RetrievalHit>> SearchAsync(
        string key, string query, float[] queryVector, int top, int candidates, int fusionK, CancellationToken cancellationToken)
    {
        SearchArguments.Check(key, query, queryVector, Dimensions);

        if (top <= 0)
        {
            return [];
        }

        var normalised = new float[Dimensions];
        var norm = TensorPrimitives.Norm(queryVector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(queryVector, norm, normalised);
        }

        // One read transaction: the revision, the snapshot, the postings and the rows fetched are one state of the file.
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: true);
        await using var source = SqliteMemoryStore.Command(connection, transaction, "SELECT id, revision FROM sources WHERE key = $key", ("$key", key));
        long ns, revision;
        await using (var reader = await source.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return [];
            }

            (ns, revision) = (reader.GetInt64(0), reader.GetInt64(1));
        }

        if (!_snapshots.TryGetValue(key, out var snapshot) || snapshot.Revision != revision)
        {
            snapshot = await RetrievalSnapshot.LoadAsync(connection, transaction, ns, revision, Dimensions, cancellationToken).ConfigureAwait(false);
            _snapshots[key] = snapshot;
        }

        var n = Math.Max(candidates, top);
        var postings = await ReadPostingsAsync(connection, transaction, ns, snapshot, query, cancellationToken).ConfigureAwait(false);
        int[][] rankings = [Bm25.Rank(postings, snapshot.Lengths, snapshot.AverageLength, n), snapshot.Nearest(normalised, n)];
        var fused = RankFusion.Fuse(rankings, fusionK, top);
        return await ReadHitsAsync(connection, transaction, snapshot, fused, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<IReadOnlyList<(int Row, int Tf)>>> ReadPostingsAsync(
        SqliteConnection connection, SqliteTransaction transaction, long ns, RetrievalSnapshot snapshot, string query, CancellationToken cancellationToken)
    {
        var result = new List<IReadOnlyList<(int Row, int Tf)>>();
        await using var select = SqliteMemoryStore.Command(
            connection, transaction, "SELECT chunk, tf FROM postings WHERE ns = $ns AND term = $term", ("$ns", ns), ("$term", string.Empty));
        foreach (var term in LocalEmbedder.Tokenize(query).Distinct(StringComparer.Ordinal))
        {
            select.Parameters["$term"].Value = term;
            var postings = new List<(int Row, int Tf)>();
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var row = snapshot.RowOf(reader.GetInt64(0));
                    if (row >= 0)
                    {
                        postings.Add((row, reader.GetInt32(1)));
                    }
                }
            }

            result.Add(postings);
        }

        return result;
    }

    private static async Task<IReadOnlyList<RetrievalHit>> ReadHitsAsync(
        SqliteConnection connection, SqliteTransaction transaction, RetrievalSnapshot snapshot, IReadOnlyList<(int Item, double Score)> fused, CancellationToken cancellationToken)
    {
        var hits = new List<RetrievalHit>(fused.Count);
        await using var select = SqliteMemoryStore.Command(
            connection, transaction, "SELECT text, title, citation, start, ordinal, document FROM chunks WHERE id = $id", ("$id", 0L));
        foreach (var (row, score) in fused)
        {
            select.Parameters["$id"].Value = snapshot.ChunkIds[row];
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                hits.Add(new RetrievalHit(reader.GetString(0), reader.GetString(1), reader.GetString(2), score, reader.GetInt32(3), reader.GetInt32(4), reader.GetString(5)));
            }
        }

        return hits;
    }
}
