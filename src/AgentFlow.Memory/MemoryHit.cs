namespace AgentFlow.Memory;

/// <summary>A memory found by <see cref="IMemoryStore.SearchAsync"/> with its (recency-blended) score.</summary>
/// <param name="Record">The memory.</param>
/// <param name="Score">Cosine similarity to the query, blended with recency when a recency weight is given.</param>
public sealed record MemoryHit(MemoryRecord Record, double Score);
