namespace AgentFlow.Core.Model.Nodes;

/// <summary>The one list of node kinds the loader dispatches over; a new kind adds its record's <c>Spec</c> here.</summary>
internal static class NodeKindRegistry
{
    /// <summary>Every kind, in <see cref="NodeKind"/> order.</summary>
    public static IReadOnlyList<NodeKindSpec> All { get; } =
    [
        LlmNode.Spec, RetrieveNode.Spec, ToolNode.Spec, ApprovalNode.Spec, RecallNode.Spec, RememberNode.Spec,
        SetNode.Spec, SwitchNode.Spec, ParallelNode.Spec, MapNode.Spec, WorkflowCallNode.Spec, WaitNode.Spec,
        EndNode.Spec, FailNode.Spec, GuardNode.Spec,
    ];

    private static readonly Dictionary<NodeKind, NodeKindSpec> ByKind = All.ToDictionary(s => s.Kind);

    /// <summary>The spec of <paramref name="kind"/>.</summary>
    public static NodeKindSpec Get(NodeKind kind) => ByKind[kind];
}
