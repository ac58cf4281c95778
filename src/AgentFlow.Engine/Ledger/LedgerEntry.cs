using System.Text.Json.Nodes;

namespace AgentFlow.Engine.Ledger;

/// <summary>One effect recorded in the <see cref="IEffectLedger"/>, keyed by the node execution's idempotency key.</summary>
/// <param name="Key">The idempotency key (<c>runId/nodeId/iteration</c>).</param>
/// <param name="Tool">The declared tool's name.</param>
/// <param name="RunId">The run that asked for the effect.</param>
/// <param name="Node">The (qualified) node id that asked for the effect.</param>
/// <param name="State">Whether the effect is known to have happened.</param>
/// <param name="StartedAt">When the first attempt began (UTC).</param>
/// <param name="CompletedAt">When the result was recorded (UTC), or null while started.</param>
/// <param name="Result">The tool's recorded result, or null.</param>
/// <param name="ResolvedBy">The operator who marked the effect done, or null when the tool completed it.</param>
public sealed record LedgerEntry(
    string Key,
    string Tool,
    string RunId,
    string Node,
    LedgerState State,
    DateTime StartedAt,
    DateTime? CompletedAt,
    JsonNode? Result,
    string? ResolvedBy);
