using System.Text.Json.Nodes;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;

namespace AgentFlow.Abstractions.Execution;

/// <summary>
/// Runs one kind of activity node (<c>llm</c>, <c>retrieve</c>, <c>tool</c>, <c>recall</c>, <c>remember</c>).
/// Executors run inside durable activities: they may do I/O, and they must tolerate being retried with the same
/// <see cref="NodeExecutionContext.IdempotencyKey"/>.
/// </summary>
public interface INodeExecutor
{
    /// <summary>The node kind this executor runs.</summary>
    NodeKind Kind { get; }

    /// <summary>
    /// Checks before a run starts that this executor can run <paramref name="node"/> of <paramref name="workflow"/>
    /// (e.g. its provider or tool is configured, its endpoint answers). <paramref name="workflowFile"/>, when known,
    /// lets executors check files relative to it (e.g. retrieval sources). Returns one message per problem; empty when
    /// it can run.
    /// </summary>
    Task<IReadOnlyList<string>> CheckAsync(WorkflowDefinition workflow, WorkflowNode node, string? workflowFile, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    /// <summary>Executes the node and returns its output (the value templates read as <c>NODE_ID.*</c>).</summary>
    Task<JsonNode?> ExecuteAsync(NodeExecutionContext context, CancellationToken cancellationToken);
}
