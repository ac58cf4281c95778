namespace AgentFlow.Memory.Retrieval;

/// <summary>The checks every <see cref="IRetrievalIndex.SearchAsync"/> makes on its arguments, in one place.</summary>
internal static class SearchArguments
{
    /// <summary>Throws for a missing key, query or vector, or a vector of another dimension than the index's.</summary>
    public static void Check(string key, string query, float[] queryVector, int dimensions)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(queryVector);
        if (queryVector.Length != dimensions)
        {
            throw new ArgumentException($"the query vector has {queryVector.Length} dimensions; the index holds {dimensions}", nameof(queryVector));
        }
    }
}
