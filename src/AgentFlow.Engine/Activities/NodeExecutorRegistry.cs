using AgentFlow.Abstractions.Execution;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Engine.Definitions;

namespace AgentFlow.Engine.Activities;

/// <summary>The executors of the activity node kinds, by kind; one per kind.</summary>
public sealed class NodeExecutorRegistry
{
    /// <summary>The node kinds that run as activities.</summary>
    public static IReadOnlyList<NodeKind> ActivityKinds { get; } = [.. Enum.GetValues<NodeKind>().Where(NodeKinds.IsActivity)];

    private readonly Dictionary<NodeKind, INodeExecutor> _executors = [];

    /// <summary>Creates a registry; a later executor for the same kind replaces an earlier one.</summary>
    public NodeExecutorRegistry(IEnumerable<INodeExecutor> executors)
    {
        ArgumentNullException.ThrowIfNull(executors);
        foreach (var executor in executors)
        {
            if (!ActivityKinds.Contains(executor.Kind))
            {
                throw new ArgumentException($"'{executor.Kind}' nodes are run by the orchestrator, not by an executor.", nameof(executors));
            }

            _executors[executor.Kind] = executor;
        }
    }

    /// <summary>The executor for <paramref name="kind"/>, or a <see cref="NodeExecutionException"/> saying it is not available.</summary>
    public INodeExecutor Get(NodeKind kind, string nodeId) =>
        _executors.TryGetValue(kind, out var executor) ? executor : throw new NodeExecutionException($"node '{nodeId}': {NotAvailable(kind)}");

    /// <summary>
    /// Every reason the workflow cannot run here, one line each, naming the node; empty when it can run.
    /// <paramref name="workflowFile"/>, when given, lets executors check files next to the workflow.
    /// </summary>
    public async Task<IReadOnlyList<string>> CheckAsync(WorkflowDefinition workflow, string? workflowFile = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var problems = new List<string>();
        foreach (var node in NodeGraph.Walk(workflow.Nodes).Where(n => ActivityKinds.Contains(n.Kind)))
        {
            if (_executors.TryGetValue(node.Kind, out var executor))
            {
                var found = await executor.CheckAsync(workflow, node, workflowFile, cancellationToken).ConfigureAwait(false);
                problems.AddRange(found.Select(p => $"node '{node.Id}' ({node.JsonPath}): {p}"));
            }
            else
            {
                problems.Add($"node '{node.Id}' ({node.JsonPath}): {NotAvailable(node.Kind)}");
            }
        }

        return problems;
    }

    private static string NotAvailable(NodeKind kind) =>
        $"'{NodeKinds.ToJson(kind)}' nodes are not available in this build yet (no executor is registered for them); remove the node or use a build that has them";
}
