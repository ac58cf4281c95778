using AgentFlow.Abstractions.Memory;

namespace AgentFlow.Agents.Hosting;

/// <summary>
/// The host's <see cref="IAgentMemory"/>, resolved on the first recall: an <c>llm</c> executor whose agents recall
/// nothing opens no memory store.
/// </summary>
internal sealed class DeferredAgentMemory(Func<IAgentMemory> resolve) : IAgentMemory
{
    // PublicationOnly: a failed resolution is not remembered (the container's singleton is one instance either way).
    private readonly Lazy<IAgentMemory> _memory = new(resolve, LazyThreadSafetyMode.PublicationOnly);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> RecallAsync(string agent, string query, int k, CancellationToken cancellationToken) =>
        _memory.Value.RecallAsync(agent, query, k, cancellationToken);
}
