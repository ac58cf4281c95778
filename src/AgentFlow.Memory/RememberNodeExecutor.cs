using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Memory.Telemetry;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;

namespace AgentFlow.Memory;

/// <summary>
/// Runs <c>remember</c> nodes: embeds the rendered <c>text</c> and stores it with the rendered <c>metadata</c> in the
/// node's agent namespace, expiring after the node's <c>ttl</c>. The record id is derived from the execution's
/// idempotency key, so a retried or replayed activity stores the memory once. Output: <c>{ "id": … }</c>, plus
/// <c>usage</c> (<c>{ promptTokens, completionTokens: 0, calls, cost, currency, model, provider, agent }</c>) of the
/// embedding call. A span <c>memory.remember</c> under the node visit's span holds the embedding call's span.
/// </summary>
public sealed class RememberNodeExecutor : INodeExecutor
{
    private readonly IMemoryStore _store;
    private readonly IEmbedder _embedder;
    private readonly TimeProvider _time;

    /// <summary>Creates the executor over <paramref name="store"/> and <paramref name="embedder"/>.</summary>
    public RememberNodeExecutor(IMemoryStore store, IEmbedder embedder, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(embedder);
        _store = store;
        _embedder = embedder;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public NodeKind Kind => NodeKind.Remember;

    /// <summary>The memory id of one execution: the first 16 bytes of SHA-256 of its idempotency key, as hex.</summary>
    public static string MemoryId(string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)).AsSpan(0, 16));
    }

    /// <inheritdoc />
    public async Task<JsonNode?> ExecuteAsync(NodeExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var node = (RememberNode)context.Node;
        var text = context.Input["text"] is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new NodeExecutionException($"node '{context.NodeId}': the memory text rendered empty; there is nothing to remember");
        }

        var metadata = context.Input["metadata"] switch
        {
            null => null,
            JsonObject obj => (JsonObject)obj.DeepClone(),
            var other => throw new NodeExecutionException($"node '{context.NodeId}': metadata must be an object, not {other.GetValueKind()}"),
        };
        var now = _time.GetUtcNow().UtcDateTime;
        using var span = AgentFlowTelemetry.Source.StartActivity("memory.remember", ActivityKind.Internal, context.TraceParent);
        span?.SetTag(TelemetryTags.Agent, node.Agent);
        span?.SetTag(TelemetryTags.GenAiAgentName, node.Agent);
        using var usage = EmbeddingUsage.Begin(node.Agent);
        var id = await _store.AddAsync(
            new MemoryRecord
            {
                Id = MemoryId(context.IdempotencyKey),
                Agent = node.Agent,
                Text = text,
                Embedding = await _embedder.EmbedAsync(text, cancellationToken).ConfigureAwait(false),
                Metadata = metadata,
                RunId = context.RunId,
                NodeId = context.NodeId,
                CreatedAt = now,
                ExpiresAt = node.Ttl is { } ttl ? now + ttl : null,
            },
            cancellationToken).ConfigureAwait(false);
        return NodeUsage.With(new JsonObject { ["id"] = id }, usage);
    }
}
