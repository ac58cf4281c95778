using System.Diagnostics;
using AgentFlow.Abstractions.Memory;
using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Memory.Telemetry;

namespace AgentFlow.Memory;

/// <summary>
/// <see cref="IAgentMemory"/> (exact cosine, no recency blend) and <see cref="IAgentMemoryWriter"/> over a memory store
/// and its embedder.
/// </summary>
public sealed class AgentMemory(IMemoryStore store, IEmbedder embedder, TimeProvider? timeProvider = null) : IAgentMemory, IAgentMemoryWriter
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

    /// <inheritdoc />
    public async Task<string> RememberAsync(AgentMemoryNote note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(note);
        ArgumentException.ThrowIfNullOrEmpty(note.Agent);
        ArgumentException.ThrowIfNullOrWhiteSpace(note.Text);
        using var span = AgentFlowTelemetry.Source.StartActivity("memory.remember", ActivityKind.Internal);
        span?.SetTag(TelemetryTags.Agent, note.Agent);
        span?.SetTag(TelemetryTags.GenAiAgentName, note.Agent);
        using var usage = EmbeddingUsage.Begin(note.Agent);
        return await store.AddAsync(
            new MemoryRecord
            {
                Id = note.Id,
                Agent = note.Agent,
                Text = note.Text,
                Embedding = await embedder.EmbedAsync(note.Text, cancellationToken).ConfigureAwait(false),
                Metadata = note.Metadata?.DeepClone().AsObject(),
                RunId = note.RunId,
                NodeId = note.NodeId,
                CreatedAt = _time.GetUtcNow().UtcDateTime,
            },
            cancellationToken).ConfigureAwait(false);
    }
}
