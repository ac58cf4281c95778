namespace AgentFlow.Core.Model.Nodes;

/// <summary>Walks a graph of nodes.</summary>
public static class NodeGraph
{
    /// <summary>Every node of <paramref name="graph"/> in file order, each map's body nodes (recursively) right after the map.</summary>
    public static IEnumerable<WorkflowNode> Walk(IReadOnlyDictionary<string, WorkflowNode> graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        foreach (var node in graph.Values)
        {
            yield return node;
            if (node is MapNode map)
            {
                foreach (var inner in Walk(map.Body.Nodes))
                {
                    yield return inner;
                }
            }
        }
    }
}
