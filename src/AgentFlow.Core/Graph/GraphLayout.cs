using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;

namespace AgentFlow.Core.Graph;

/// <summary>The nodes and labelled edges of a workflow, including map bodies, in a renderer-neutral form.</summary>
public sealed class GraphLayout
{
    private GraphLayout(WorkflowDefinition definition)
    {
        Definition = definition;
    }

    /// <summary>The workflow drawn.</summary>
    public WorkflowDefinition Definition { get; }

    /// <summary>Top-level nodes.</summary>
    public IReadOnlyList<WorkflowNode> Nodes => [.. Definition.Nodes.Values];

    /// <summary>Every edge, map bodies included.</summary>
    public IReadOnlyList<GraphEdge> Edges { get; private set; } = [];

    /// <summary>Builds the layout of <paramref name="definition"/>.</summary>
    public static GraphLayout Create(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var layout = new GraphLayout(definition);
        var edges = new List<GraphEdge>();
        AddEdges(definition.Nodes.Values, edges);
        layout.Edges = edges;
        return layout;
    }

    /// <summary>A one-line caption for a node: id, kind and its main argument.</summary>
    public static string Caption(WorkflowNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var detail = node switch
        {
            LlmNode llm => $"agent {llm.Agent}",
            RetrieveNode retrieve => $"source {retrieve.Source}",
            ToolNode tool => $"tool {tool.Tool}",
            ApprovalNode approval => string.Join(", ", approval.Approvers) + (approval.Quorum > 1 ? $" (quorum {approval.Quorum})" : string.Empty),
            RecallNode recall => $"agent {recall.Agent}",
            RememberNode remember => $"agent {remember.Agent}",
            GuardNode guard => string.Join(", ", guard.Checks.Select(c => $"{GuardCheck.ToJson(c.Check)}:{GuardCheck.ToJson(c.Action)}")),
            MapNode map => $"each {map.As} in {map.Items}",
            WorkflowCallNode call => call.Path,
            WaitNode wait => wait.For is { } d ? IsoDuration.Format(d) : $"until {wait.Until}",
            _ => string.Empty,
        };
        var kind = NodeKinds.ToJson(node.Kind);
        return detail.Length == 0 ? $"{node.Id} [{kind}]" : $"{node.Id} [{kind}] {detail}";
    }

    private static void AddEdges(IEnumerable<WorkflowNode> nodes, List<GraphEdge> edges)
    {
        foreach (var node in nodes)
        {
            var conditional = node.Next.Count > 1 || node.Next.Any(t => t.When is not null);
            foreach (var transition in node.Next)
            {
                var label = !conditional ? string.Empty : transition.When ?? "else";
                edges.Add(new GraphEdge(node.Id, transition.To, label, Dashed: false));
            }

            if (node.OnError is { } onError)
            {
                edges.Add(new GraphEdge(node.Id, onError, "on error", Dashed: true));
            }

            if (node is ParallelNode parallel)
            {
                edges.AddRange(parallel.Branches.Select(b => new GraphEdge(node.Id, b, "branch", Dashed: false)));
                edges.Add(new GraphEdge(node.Id, parallel.Join, "join", Dashed: true));
            }

            if (node is MapNode map && map.Body.Start.Length > 0)
            {
                edges.Add(new GraphEdge(node.Id, map.Body.Start, $"each {map.As}", Dashed: true));
                AddEdges(map.Body.Nodes.Values, edges);
            }
        }
    }
}
