using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Memory.Telemetry;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;

namespace AgentFlow.Memory;

/// <summary>
/// Runs <c>recall</c> nodes: embeds the rendered <c>query</c> and returns the node's agent's <c>k</c> best memories
/// (see <see cref="IMemoryStore.SearchAsync"/> for the score). Output:
/// <c>{ "items": [ { "text", "score" (4 decimals), "metadata", "createdAt" (ISO-8601 UTC) } ] }</c>, plus <c>usage</c>
/// (<c>{ promptTokens, completionTokens: 0, calls, cost, currency, model, provider, agent }</c> of the embedding call)
/// when the query was embedded; a blank query recalls nothing. A span <c>memory.recall</c> under the node visit's span
/// holds the embedding call's span.
/// </summary>
public sealed class RecallNodeExecutor : INodeExecutor
{
    private readonly IMemoryStore _store;
    private readonly IEmbedder _embedder;
    private readonly TimeProvider _time;

    /// <summary>Creates the executor over <paramref name="store"/> and <paramref name="embedder"/>.</summary>
    public RecallNodeExecutor(IMemoryStore store, IEmbedder embedder, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(embedder);
        _store = store;
        _embedder = embedder;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public NodeKind Kind => NodeKind.Recall;

    /// <inheritdoc />
    public async Task<JsonNode?> ExecuteAsync(NodeExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var node = (RecallNode)context.Node;
        var query = context.Input["query"] is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
        var items = new JsonArray();
        using var span = AgentFlowTelemetry.Source.StartActivity("memory.recall", ActivityKind.Internal, context.TraceParent);
        span?.SetTag(TelemetryTags.Agent, node.Agent);
        span?.SetTag(TelemetryTags.GenAiAgentName, node.Agent);
        using var usage = EmbeddingUsage.Begin(node.Agent);
        if (!string.IsNullOrWhiteSpace(query))
        {
            var vector = await _embedder.EmbedAsync(query, cancellationToken).ConfigureAwait(false);
            var hits = await _store.SearchAsync(
                node.Agent, vector, node.K, node.MinScore, node.RecencyWeight, _time.GetUtcNow().UtcDateTime, cancellationToken).ConfigureAwait(false);
            foreach (var hit in hits)
            {
                items.Add(new JsonObject
                {
                    ["text"] = hit.Record.Text,
                    ["score"] = Math.Round(hit.Score, 4),
                    ["metadata"] = hit.Record.Metadata?.DeepClone(),
                    ["createdAt"] = hit.Record.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
                });
            }
        }

        span?.SetTag(TelemetryTags.Results, items.Count);
        return NodeUsage.With(new JsonObject { ["items"] = items }, usage);
    }
}
