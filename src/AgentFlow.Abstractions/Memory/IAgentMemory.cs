namespace AgentFlow.Abstractions.Memory;

/// <summary>
/// Read access to agents' long-term memory for <c>llm</c> nodes: an agent declared with <c>memory.recall: k</c> gets
/// its k most relevant memories added to the model's context automatically.
/// </summary>
public interface IAgentMemory
{
    /// <summary>The texts of <paramref name="agent"/>'s <paramref name="k"/> memories most relevant to <paramref name="query"/>, best first.</summary>
    Task<IReadOnlyList<string>> RecallAsync(string agent, string query, int k, CancellationToken cancellationToken);
}
