namespace AgentFlow.Memory;

/// <summary>
/// An agent's row of the <c>memory_vectors</c> table: which generation of its vector files is current (the nonce is
/// in the file names and headers) and how many rows of them are committed; rows beyond <paramref name="Count"/> were
/// written by a transaction that never committed and are ignored.
/// </summary>
internal readonly record struct VectorEntry(long Generation, long Nonce, long Count);
