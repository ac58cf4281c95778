namespace AgentFlow.Memory.Retrieval;

/// <summary>A chunk found by <see cref="RetrievalService.SearchAsync"/>, with what is needed to cite it.</summary>
/// <param name="Text">The chunk's text.</param>
/// <param name="Title">Its document's title.</param>
/// <param name="Source">Its document's source: a full file path, or a link/URL.</param>
/// <param name="Score">
/// Reciprocal-rank-fusion score normalised to 0..1: 1 for a chunk ranked first by both BM25 and vector search; a
/// chunk that matches no query word (vector rank only) scores at most 0.5.
/// </param>
/// <param name="Offset">Where the chunk starts in its document's text (UTF-16 code units).</param>
/// <param name="Chunk">The chunk's position in its document: 0 for the first.</param>
/// <param name="DocumentId">Its document's id inside the source.</param>
public sealed record RetrievalHit(string Text, string Title, string Source, double Score, int Offset, int Chunk, string DocumentId);
