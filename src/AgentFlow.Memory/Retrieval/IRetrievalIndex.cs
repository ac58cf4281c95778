namespace AgentFlow.Memory.Retrieval;

/// <summary>
/// Where <see cref="RetrievalService"/> keeps its chunks: <see cref="SqliteRetrievalIndex"/> (one file per data
/// directory) or <see cref="BlobRetrievalIndex"/> (one blob per source, shared by every machine of a task hub).
/// </summary>
internal interface IRetrievalIndex : IDisposable
{
    /// <summary>Where the index lives, for messages: a file path or a container URI.</summary>
    string Location { get; }

    /// <summary>The stored content hash of every document of namespace <paramref name="key"/>, and the chunker that chunked them (null when the namespace was never indexed).</summary>
    Task<(IReadOnlyDictionary<string, string> Hashes, string? Chunker)> ReadDocumentsAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically replaces the chunks of every document in <paramref name="upserts"/>, deletes the documents in
    /// <paramref name="removals"/> and records the chunker; with <paramref name="forgetHashes"/>, every other document's
    /// hash is cleared first (so a pass that stops half-way still re-chunks the rest next time).
    /// </summary>
    Task ApplyAsync(
        ResolvedSource source,
        string chunker,
        IReadOnlyList<IndexedDocument> upserts,
        IReadOnlyCollection<string> removals,
        bool forgetHashes,
        DateTime now,
        CancellationToken cancellationToken);

    /// <summary>
    /// The <paramref name="top"/> chunks of namespace <paramref name="key"/> for <paramref name="query"/> (BM25) and
    /// <paramref name="queryVector"/> (cosine), each ranker contributing its best <paramref name="candidates"/>, fused
    /// by reciprocal rank with constant <paramref name="fusionK"/>. Empty for an unknown namespace.
    /// </summary>
    Task<IReadOnlyList<RetrievalHit>> SearchAsync(
        string key, string query, float[] queryVector, int top, int candidates, int fusionK, CancellationToken cancellationToken);
}
