using AgentFlow.Abstractions.Memory;

namespace AgentFlow.Agents.Hosting;

/// <summary>
/// The host's <see cref="IAgentMemory"/>, resolved on the first recall: an <c>llm</c> executor whose agents recall
/// nothing opens no memory store.
/// </summary>
internal sealed class DeferredAgentMemory(Func<IAgentMemory> resolve) : IAgentMemory
{
    private readonly Lazy<IAgentMemory> _memory = new(resolve, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> RecallAsync(string agent, string query, int k, CancellationToken cancellationToken) =>
        _memory.Value.RecallAsync(agent, query, k, cancellationToken);
}
