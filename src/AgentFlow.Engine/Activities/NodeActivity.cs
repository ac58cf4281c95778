using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Engine.Definitions;
using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;

namespace AgentFlow.Engine.Activities;

/// <summary>
/// The durable activity behind every activity node: finds the node's executor and runs it. The executor's token is
/// the host's worker-stopping token (activity contexts carry none): when the worker stops without draining, the
/// executor is cancelled and the work item is handed back to be redelivered, rather than failing the node.
/// </summary>
internal sealed class NodeActivity(DefinitionCache definitions, NodeExecutorRegistry executors, CancellationToken stopping)
    : TaskActivity<NodeActivityRequest, JsonNode?>
{
    public override async Task<JsonNode?> RunAsync(TaskActivityContext context, NodeActivityRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var index = definitions.Get(input.Pin);
        var node = index.Node(input.DefinitionNodeId);
        var executor = executors.Get(node.Kind, input.NodeId);
        try
        {
            return await executor.ExecuteAsync(
                new NodeExecutionContext
                {
                    RunId = input.RunId,
                    NodeId = input.NodeId,
                    Iteration = input.Iteration,
                    Attempt = input.Attempt,
                    Workflow = index.Definition,
                    WorkflowFile = index.Pinned.SourceFile,
                    Node = node,
                    Input = input.Input,
                },
                stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (stopping.IsCancellationRequested)
        {
            // The Durable Task dispatcher abandons (not fails) a work item whose activity throws this.
            throw new SessionAbortedException($"node '{input.NodeId}': the worker stopped before the node finished; it runs again on redelivery", ex);
        }
    }
}
