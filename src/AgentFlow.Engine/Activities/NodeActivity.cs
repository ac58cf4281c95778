using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Engine.Definitions;
using Microsoft.DurableTask;

namespace AgentFlow.Engine.Activities;

/// <summary>The durable activity behind every activity node: finds the node's executor and runs it.</summary>
internal sealed class NodeActivity(DefinitionCache definitions, NodeExecutorRegistry executors) : TaskActivity<NodeActivityRequest, JsonNode?>
{
    public override async Task<JsonNode?> RunAsync(TaskActivityContext context, NodeActivityRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var index = definitions.Get(input.Pin);
        var node = index.Node(input.DefinitionNodeId);
        var executor = executors.Get(node.Kind, input.NodeId);
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
            CancellationToken.None).ConfigureAwait(false);
    }
}
