using AgentFlow.Core.Loading;
using AgentFlow.Core.Model.Shapes;

namespace AgentFlow.Core.Model.Nodes;

/// <summary>Branch on conditions only; its <see cref="WorkflowNode.Next"/> is a list of conditional transitions.</summary>
public sealed record SwitchNode : WorkflowNode
{
    /// <summary>Fields of a <c>switch</c> node, beside <see cref="WorkflowNode.CommonFields"/>: none.</summary>
    public static IReadOnlyList<FieldSpec> Fields { get; } = [];

    internal static NodeKindSpec Spec { get; } = new(NodeKind.Switch, Fields, (node, _) => new SwitchNode { Id = node.Id, JsonPath = node.Path });

    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Switch;

    /// <summary>Output shape: none: a switch only routes.</summary>
    internal override ValueShape OutputShape(IShapeContext context) => ValueShape.None;
}
