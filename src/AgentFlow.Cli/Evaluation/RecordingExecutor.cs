using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;

namespace AgentFlow.Cli.Evaluation;

/// <summary>
/// Notes every activity execution of a case's run (the run's timeline holds top-level nodes only; map items run
/// inside it), so assertions can read the outputs of nodes inside map items and effects their arguments.
/// </summary>
internal sealed class RecordingExecutor(INodeExecutor inner, ConcurrentDictionary<string, RecordedNode> records) : INodeExecutor
{
    /// <inheritdoc />
    public NodeKind Kind => inner.Kind;

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> CheckAsync(WorkflowDefinition workflow, WorkflowNode node, string? workflowFile, CancellationToken cancellationToken = default) =>
        inner.CheckAsync(workflow, node, workflowFile, cancellationToken);

    /// <inheritdoc />
    public async Task<JsonNode?> ExecuteAsync(NodeExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = DateTime.UtcNow;
        var kind = NodeKinds.ToJson(context.Node.Kind);
        try
        {
            var output = await inner.ExecuteAsync(context, cancellationToken).ConfigureAwait(false);
            records[context.NodeId] = new RecordedNode(context.NodeId, kind, context.Input.DeepClone(), output?.DeepClone(), null, started, DateTime.UtcNow);
            return output;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            records[context.NodeId] = new RecordedNode(context.NodeId, kind, context.Input.DeepClone(), null, ex.Message, started, DateTime.UtcNow);
            throw;
        }
    }
}
