using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;

namespace AgentFlow.Engine.Definitions;

/// <summary>
/// Every node of a workflow, including the nodes of map bodies, by id (ids are unique in the whole file), with the
/// graph each one belongs to.
/// </summary>
internal sealed class DefinitionIndex
{
    private readonly Dictionary<string, WorkflowNode> _nodes = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<string>> _learners = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<string>> _untrusted = new(StringComparer.Ordinal);

    public DefinitionIndex(WorkflowDefinition definition, PinnedDefinition pinned)
    {
        Definition = definition;
        Pinned = pinned;
        Add(definition.Nodes);
    }

    public WorkflowDefinition Definition { get; }

    public PinnedDefinition Pinned { get; }

    public IEnumerable<WorkflowNode> AllNodes => _nodes.Values;

    public WorkflowNode Node(string id) =>
        _nodes.TryGetValue(id, out var node) ? node : throw new InvalidOperationException($"workflow '{Definition.Name}' has no node '{id}'");

    /// <summary>The agents that remember <paramref name="node"/>'s feedback (<c>learn</c>), computed once per definition.</summary>
    public IReadOnlyList<string> LearningAgents(ApprovalNode node) =>
        _learners.GetOrAdd(node.Id, _ => [.. Core.Validation.Feedback.FeedbackAgents.Of(Definition, node).Distinct(StringComparer.Ordinal)]);

    /// <summary>
    /// The <c>show</c> keys of <paramref name="node"/> that can carry untrusted data (the approval page marks them), from
    /// the trust analysis, computed once per definition.
    /// </summary>
    public IReadOnlyList<string> UntrustedShow(ApprovalNode node) =>
        _untrusted.GetOrAdd(node.Id, _ => Core.Validation.Trust.TrustReport.For(Definition).UntrustedShowFields(node));

    private void Add(IReadOnlyDictionary<string, WorkflowNode> graph)
    {
        foreach (var node in NodeGraph.Walk(graph))
        {
            _nodes[node.Id] = node;
        }
    }
}
