using System.Numerics.Tensors;

namespace AgentFlow.Memory.Retrieval;

/// <summary>The incremental indexing pass.</summary>
public sealed partial class RetrievalService
{
    // Bounds the memory of a pass: documents are written in transactions of about this many chunks.
    private const int BatchChunks = 1024;

    /// <summary>Indexes the source unless this process indexed it and it has not changed since (or, if remote, recently).</summary>
    private async Task RefreshAsync(ResolvedSource source, ISourceReader reader, CancellationToken cancellationToken)
    {
        if (await IsCurrentAsync(source, reader, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var gate = _locks.GetOrAdd(source.Key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another search may have indexed it while this one waited.
            if (!await IsCurrentAsync(source, reader, cancellationToken).ConfigureAwait(false))
            {
                await IndexLockedAsync(source, reader, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<bool> IsCurrentAsync(ResolvedSource source, ISourceReader reader, CancellationToken cancellationToken)
    {
        if (!_indexed.TryGetValue(source.Key, out var last))
        {
            return false;
        }

        var fingerprint = await reader.FingerprintAsync(source, cancellationToken).ConfigureAwait(false);
        return fingerprint is null
            ? _time.GetUtcNow() - last.At < _options.RemoteRefreshInterval
            : fingerprint == last.Fingerprint;
    }

    private async Task<IndexCounts> IndexLockedAsync(ResolvedSource source, ISourceReader reader, CancellationToken cancellationToken)
    {
        // Taken before reading, so a change made while the pass reads is seen by the next one.
        var fingerprint = await reader.FingerprintAsync(source, cancellationToken).ConfigureAwait(false);
        var (stored, storedChunker) = await _index.ReadDocumentsAsync(source.Key, cancellationToken).ConfigureAwait(false);
        var rechunk = storedChunker is not null && storedChunker != _chunker.Name;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new List<SourceDocument>();
        var pendingChunks = 0;
        int added = 0, updated = 0, unchanged = 0, chunks = 0;
        var written = false;

        async Task FlushAsync(IReadOnlyCollection<string> removals)
        {
            var documents = await PrepareAsync(pending, cancellationToken).ConfigureAwait(false);
            await _index.ApplyAsync(source, _chunker.Name, documents, removals, forgetHashes: rechunk && !written, _time.GetUtcNow().UtcDateTime, cancellationToken)
                .ConfigureAwait(false);
            chunks += documents.Sum(d => d.Chunks.Count);
            (written, pending, pendingChunks) = (true, [], 0);
        }

        await foreach (var document in reader.ReadAsync(source, cancellationToken).ConfigureAwait(false))
        {
            if (!seen.Add(document.Id))
            {
                continue;
            }

            var known = stored.TryGetValue(document.Id, out var hash);
            if (known && hash == document.ContentHash && !rechunk)
            {
                unchanged++;
                continue;
            }

            (added, updated) = known ? (added, updated + 1) : (added + 1, updated);
            pending.Add(document);

            // An estimate (about four characters a token) is enough to bound a batch.
            pendingChunks += 1 + (document.Text.Length / (_chunker.MaxTokens * 4));
            if (pendingChunks >= BatchChunks)
            {
                await FlushAsync([]).ConfigureAwait(false);
            }
        }

        var removed = stored.Keys.Where(id => !seen.Contains(id)).Order(StringComparer.Ordinal).ToList();
        if (pending.Count > 0 || removed.Count > 0 || storedChunker is null || (rechunk && !written))
        {
            await FlushAsync(removed).ConfigureAwait(false);
        }

        _indexed[source.Key] = (fingerprint, _time.GetUtcNow());
        return new IndexCounts(added, updated, unchanged, removed.Count, chunks);
    }

    /// <summary>Chunks, embeds and counts the terms of <paramref name="documents"/>, in parallel, keeping their order.</summary>
    private async Task<IndexedDocument[]> PrepareAsync(List<SourceDocument> documents, CancellationToken cancellationToken)
    {
        var prepared = new IndexedDocument[documents.Count];
        await Parallel.ForAsync(0, documents.Count, cancellationToken, async (i, token) =>
        {
            var document = documents[i];
            var chunks = _chunker.Chunk(document);
            var indexed = new IndexedChunk[chunks.Count];
            for (var c = 0; c < chunks.Count; c++)
            {
                // The title travels with every chunk: a passage deep in a document is still about its title.
                var text = $"{document.Title}\n\n{chunks[c].Text}";
                var embedding = await _embedder.EmbedAsync(text, token).ConfigureAwait(false);
                var (terms, length) = IndexedChunk.Count(text);
                indexed[c] = new IndexedChunk(chunks[c], Normalised(embedding), terms, length);
            }

            prepared[i] = new IndexedDocument(document, indexed);
        }).ConfigureAwait(false);
        return prepared;
    }

    private float[] Normalised(float[] vector)
    {
        if (vector.Length != _embedder.Dimensions)
        {
            throw new InvalidOperationException($"embedder '{_embedder.Name}' returned {vector.Length} dimensions instead of {_embedder.Dimensions}");
        }

        var norm = TensorPrimitives.Norm(vector);
        var result = new float[vector.Length];
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, result);
        }

        return result;
    }
}
