using System.Collections;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;

namespace AgentFlow.Core.Validation;

/// <summary>
/// One graph under analysis: the top-level nodes, or the sub-graph of a <c>map</c>. Nodes are numbered in file
/// order so per-node facts live in arrays and bit sets, which keeps a 5,000-node workflow well under a second.
/// </summary>
internal sealed class GraphScope
{
    public GraphScope(IReadOnlyDictionary<string, WorkflowNode> nodes, string start, string startPath, GraphScope? parent, MapNode? owner)
    {
        Nodes = [.. nodes.Values];
        Index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Nodes.Length; i++)
        {
            Index[Nodes[i].Id] = i;
        }

        Start = Index.TryGetValue(start, out var s) ? s : -1;
        StartId = start;
        StartPath = startPath;
        Parent = parent;
        Owner = owner;
        Edges = new List<(int To, EdgeKind Kind)>[Nodes.Length];
        for (var i = 0; i < Nodes.Length; i++)
        {
            Edges[i] = [];
        }
    }

    public WorkflowNode[] Nodes { get; }

    public Dictionary<string, int> Index { get; }

    public int Start { get; }

    public string StartId { get; }

    public string StartPath { get; }

    /// <summary>The scope the owning map node lives in; null at top level.</summary>
    public GraphScope? Parent { get; }

    /// <summary>The map node whose body this is; null at top level.</summary>
    public MapNode? Owner { get; }

    /// <summary>Outgoing edges per node.</summary>
    public List<(int To, EdgeKind Kind)>[] Edges { get; }

    /// <summary>Nodes reachable from start.</summary>
    public BitArray Reachable { get; set; } = new(0);

    /// <summary>Per node: the nodes whose output is guaranteed to exist when the node starts.</summary>
    public NodeSetTable AvailableIn { get; set; } = new(0, full: false);

    /// <summary>Per parallel node index: its join index and, per branch, the nodes that end the branch.</summary>
    public Dictionary<int, (int Join, List<List<int>> BranchEnds)> Parallels { get; } = [];

    /// <summary>Loop variables visible in this scope (the owning map's <c>as</c> and those of enclosing maps).</summary>
    public IEnumerable<string> LoopVariables
    {
        get
        {
            for (var scope = this; scope?.Owner is not null; scope = scope.Parent)
            {
                yield return scope.Owner.As;
            }
        }
    }

    public bool IsTerminal(int node) => Nodes[node].Kind is NodeKind.End or NodeKind.Fail;

    /// <summary>The nodes guaranteed to have run when node <paramref name="node"/> completes successfully.</summary>
    public NodeSet AvailableOut(int node) => AvailableIn[node].With(node);
}
