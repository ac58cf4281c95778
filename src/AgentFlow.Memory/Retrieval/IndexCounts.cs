namespace AgentFlow.Memory.Retrieval;

/// <summary>What one indexing pass over a source did.</summary>
/// <param name="Added">Documents seen for the first time.</param>
/// <param name="Updated">Documents whose content hash changed (or that were re-chunked because the chunking settings changed).</param>
/// <param name="Unchanged">Documents skipped because their content hash matched the index.</param>
/// <param name="Removed">Documents in the index that the source no longer has.</param>
/// <param name="Chunks">Chunks embedded and written by this pass (those of added and updated documents).</param>
public sealed record IndexCounts(int Added, int Updated, int Unchanged, int Removed, int Chunks)
{
    /// <summary>True when the pass changed nothing in the index.</summary>
    public bool NothingChanged => Added == 0 && Updated == 0 && Removed == 0;
}
