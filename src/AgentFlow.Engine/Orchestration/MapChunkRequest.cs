using System.Text.Json.Nodes;

namespace AgentFlow.Engine.Orchestration;

/// <summary>Input of the <c>agentflow.map</c> orchestration: one chunk of a large map's items.</summary>
/// <param name="Pin">Pin of the workflow definition.</param>
/// <param name="RunId">The run (or sub-run) the map belongs to (for idempotency keys).</param>
/// <param name="MapNode">Id of the map node in the definition.</param>
/// <param name="MapQualifiedId">The map node's qualified id in the parent run.</param>
/// <param name="State">The names the body can read, copied from the parent scope.</param>
/// <param name="Items">This chunk's items.</param>
/// <param name="FirstIndex">Index of the first item of the chunk in the whole list.</param>
/// <param name="Concurrency">Items of this chunk to run at once.</param>
/// <param name="Path">The parent run's path prefix (see <see cref="Runs.RunRequest.Path"/>).</param>
/// <param name="TraceParent">W3C <c>traceparent</c> of the map node visit's span, the parent of the items' node spans; null in chunks started before tracing.</param>
/// <param name="Replay">In a replay fork: the recorded visits of this chunk's items and whether the fork point was passed when it started.</param>
/// <param name="Budget">What the run had spent when the chunk started and the limits in force; null when no budget applies.</param>
internal sealed record MapChunkRequest(string Pin, string RunId, string MapNode, string MapQualifiedId, JsonObject State, JsonArray Items, int FirstIndex, int Concurrency, string? Path = null, string? TraceParent = null, Budgets.BudgetState? Budget = null, Replay.ReplayPlan? Replay = null);
