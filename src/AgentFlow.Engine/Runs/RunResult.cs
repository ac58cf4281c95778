using System.Text.Json.Nodes;

namespace AgentFlow.Engine.Runs;

/// <summary>The output of the <c>agentflow.run</c> orchestration.</summary>
/// <param name="Output">The workflow's <c>output</c>, rendered when the run ended.</param>
/// <param name="Timeline">Every node execution of the run, with full inputs and outputs.</param>
/// <param name="Usage">Tokens, model calls and cost of the whole run (map items and sub-runs included); null when none.</param>
public sealed record RunResult(JsonNode? Output, IReadOnlyList<NodeRecord> Timeline, TokenUsage? Usage = null);
