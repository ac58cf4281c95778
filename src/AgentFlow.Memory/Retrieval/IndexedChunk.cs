namespace AgentFlow.Memory.Retrieval;

/// <summary>One chunk with its embedding (L2-normalised) and its BM25 terms: term → frequency, and their total (the chunk's length).</summary>
internal sealed record IndexedChunk(TextChunk Chunk, float[] Embedding, IReadOnlyDictionary<string, int> Terms, int Length)
{
    /// <summary>The BM25 terms of <paramref name="text"/>: the embedder's words (lower case, stop words removed).</summary>
    public static (Dictionary<string, int> Terms, int Length) Count(string text)
    {
        var words = LocalEmbedder.Tokenize(text);
        var terms = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var word in words)
        {
            terms[word] = terms.GetValueOrDefault(word) + 1;
        }

        return (terms, words.Count);
    }
}
