using System.Numerics.Tensors;

namespace AgentFlow.Memory.Retrieval;

/// <summary>Hybrid search over a cached blob: the same BM25, exact cosine and reciprocal-rank fusion as the SQLite index.</summary>
internal sealed partial class BlobRetrievalIndex
{
    /// <inheritdoc/>
    public async Task<IReadOnlyList<RetrievalHit>> SearchAsync(
        string key, string query, float[] queryVector, int top, int candidates, int fusionK, CancellationToken cancellationToken)
    {
        SearchArguments.Check(key, query, queryVector, Dimensions);

        if (top <= 0)
        {
            return [];
        }

        var cached = await LoadAsync(key, cancellationToken).ConfigureAwait(false);
        if (cached is null)
        {
            return [];
        }

        var normalised = new float[Dimensions];
        var norm = TensorPrimitives.Norm(queryVector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(queryVector, norm, normalised);
        }

        var view = cached.View;
        var n = Math.Max(candidates, top);
        var postings = LocalEmbedder.Tokenize(query).Distinct(StringComparer.Ordinal)
            .Select(term => view.Postings.TryGetValue(term, out var list) ? list : (IReadOnlyList<(int Row, int Tf)>)[])
            .ToList();
        int[][] rankings = [Bm25.Rank(postings, view.Snapshot.Lengths, view.Snapshot.AverageLength, n), view.Snapshot.Nearest(normalised, n)];
        return [.. RankFusion.Fuse(rankings, fusionK, top).Select(f =>
        {
            var (document, chunk) = view.Rows[f.Item];
            return new RetrievalHit(chunk.Text, chunk.Title, chunk.Citation, f.Score, chunk.Start, chunk.Ordinal, document);
        })];
    }

    /// <summary>A blob laid out for search: rows in (document id, ordinal) order, their vectors and lengths, and the postings of every term.</summary>
    private sealed class SearchView
    {
        public SearchView(RetrievalBlob blob)
        {
            var rows = new List<(string Document, RetrievalBlob.StoredChunk Chunk)>();
            foreach (var (id, document) in blob.Documents)
            {
                rows.AddRange(document.Chunks.Select(c => (id, c)));
            }

            Rows = [.. rows];
            var vectors = new float[Rows.Length * blob.Dimensions];
            var lengths = new int[Rows.Length];
            var postings = new Dictionary<string, List<(int Row, int Tf)>>(StringComparer.Ordinal);
            for (var row = 0; row < Rows.Length; row++)
            {
                var chunk = Rows[row].Chunk;
                chunk.Embedding.CopyTo(vectors, row * blob.Dimensions);
                lengths[row] = chunk.Length;
                foreach (var (term, tf) in chunk.Terms)
                {
                    if (!postings.TryGetValue(term, out var list))
                    {
                        postings[term] = list = [];
                    }

                    list.Add((row, tf));
                }
            }

            Snapshot = RetrievalSnapshot.FromRows(blob.Revision, blob.Dimensions, vectors, lengths);
            Postings = postings.ToDictionary(p => p.Key, p => (IReadOnlyList<(int Row, int Tf)>)p.Value, StringComparer.Ordinal);
        }

        public (string Document, RetrievalBlob.StoredChunk Chunk)[] Rows { get; }

        public RetrievalSnapshot Snapshot { get; }

        public Dictionary<string, IReadOnlyList<(int Row, int Tf)>> Postings { get; }
    }
}
