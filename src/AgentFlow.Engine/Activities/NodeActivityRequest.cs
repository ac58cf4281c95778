using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;

namespace AgentFlow.Engine.Activities;

/// <summary>What the orchestrator sends to a node activity; see <see cref="NodeExecutionContext"/>.</summary>
/// <param name="Pin">Pin of the workflow definition.</param>
/// <param name="RunId">The top-level run.</param>
/// <param name="NodeId">The node id qualified by map item.</param>
/// <param name="DefinitionNodeId">The node's id in the definition.</param>
/// <param name="Iteration">Visit number of the node in its scope.</param>
/// <param name="Attempt">Attempt number (1 = first).</param>
/// <param name="Input">Rendered templates of the node.</param>
/// <param name="Deadline">
/// When the attempt times out (UTC, from the node's <c>timeout</c>), or null without one. The orchestration stops
/// waiting at this instant by a durable timer; the activity gives up then too, so the late attempt does not keep the
/// orchestration open (Durable Task completes an orchestration only once every activity it scheduled has reported).
/// </param>
/// <param name="TraceParent">W3C <c>traceparent</c> of the node visit's span, the parent of the executor's spans (passed whether tracing is on or not: the executing worker decides); null from orchestrations older than tracing.</param>
/// <param name="Replay">True in a replay fork: the executor must not act on the world (see <see cref="NodeExecutionContext.Replay"/>).</param>
public sealed record NodeActivityRequest(
    string Pin,
    string RunId,
    string NodeId,
    string DefinitionNodeId,
    int Iteration,
    int Attempt,
    JsonObject Input,
    DateTime? Deadline = null,
    string? TraceParent = null,
    bool Replay = false);
