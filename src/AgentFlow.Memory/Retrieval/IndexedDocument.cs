namespace AgentFlow.Memory.Retrieval;

/// <summary>A document ready to be written: its chunks with their embeddings and BM25 term counts.</summary>
internal sealed record IndexedDocument(SourceDocument Document, IReadOnlyList<IndexedChunk> Chunks);
