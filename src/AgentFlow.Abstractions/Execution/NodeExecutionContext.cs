using System.Diagnostics;
using System.Text.Json.Nodes;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;

namespace AgentFlow.Abstractions.Execution;

/// <summary>Everything an <see cref="INodeExecutor"/> gets for one execution of an activity node.</summary>
public sealed record NodeExecutionContext
{
    /// <summary>The top-level run.</summary>
    public required string RunId { get; init; }

    /// <summary>The node's id, qualified by map item for nodes inside map bodies (e.g. <c>summarise[3].do</c>).</summary>
    public required string NodeId { get; init; }

    /// <summary>1 for the node's first visit in its scope, 2 for the second (cycles), and so on.</summary>
    public required int Iteration { get; init; }

    /// <summary>1 for the first attempt; retries count up. The idempotency key does not change between attempts.</summary>
    public required int Attempt { get; init; }

    /// <summary><c>runId/nodeId/iteration</c>: the same for every attempt and every replay of this execution.</summary>
    public string IdempotencyKey => $"{RunId}/{NodeId}/{Iteration}";

    /// <summary>The file the workflow was read from when the run started (tools may resolve paths next to it).</summary>
    public string WorkflowFile { get; init; } = string.Empty;

    /// <summary>The pinned workflow the run executes.</summary>
    public required WorkflowDefinition Workflow { get; init; }

    /// <summary>The node being executed.</summary>
    public required WorkflowNode Node { get; init; }

    /// <summary>The node's templates, rendered by the orchestrator (e.g. <c>prompt</c>, <c>query</c>, <c>args</c>).</summary>
    public required JsonObject Input { get; init; }

    /// <summary>
    /// The node visit's span (see <see cref="Telemetry.SpanIds"/>): the parent of every span the executor starts
    /// (model calls, tool calls, retrieval, memory). Default when tracing is off or the run predates it.
    /// </summary>
    public ActivityContext TraceParent { get; init; }

    /// <summary>
    /// True in a replay fork (<c>agentflow replay</c>): nothing may act on the world. Executors that could (a model's
    /// tool calls) answer with <c>{ "skipped": true, "wouldCall": { tool, args } }</c> instead of calling.
    /// </summary>
    public bool Replay { get; init; }
}
