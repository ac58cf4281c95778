using AgentFlow.Abstractions.Memory;
using AgentFlow.Memory.Telemetry;


namespace AgentFlow.Memory;

/// <summary><see cref="IAgentMemory"/> over a memory store and its embedder (exact cosine, no recency blend).</summary>
public sealed class AgentMemory(IMemoryStore store, IEmbedder embedder, TimeProvider? timeProvider = null) : IAgentMemory
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> RecallAsync(string agent, string query, int k, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(agent);
        if (k <= 0 || string.IsNullOrWhiteSpace(query))
        {
            return [];
        }

        // Names the agent on the embedding call's span and metrics; the llm node reports only its model calls as usage.
        using var usage = EmbeddingUsage.Begin(agent);
        var vector = await embedder.EmbedAsync(query, cancellationToken).ConfigureAwait(false);
        var hits = await store.SearchAsync(agent, vector, k, minScore: 0.01, recencyWeight: 0, _time.GetUtcNow().UtcDateTime, cancellationToken).ConfigureAwait(false);
        return [.. hits.Select(h => h.Record.Text)];
    }
}
