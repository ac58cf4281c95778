using AgentFlow.Core.Loading;
using AgentFlow.Core.Model.Shapes;

namespace AgentFlow.Core.Model.Nodes;

/// <summary>End the run, branch or item successfully.</summary>
public sealed record EndNode : WorkflowNode
{
    /// <summary>Fields of an <c>end</c> node, beside <see cref="WorkflowNode.CommonFields"/>: none.</summary>
    public static IReadOnlyList<FieldSpec> Fields { get; } = [];

    internal static NodeKindSpec Spec { get; } = new(NodeKind.End, Fields, (node, _) => new EndNode { Id = node.Id, JsonPath = node.Path });

    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.End;

    /// <summary>Output shape: none.</summary>
    internal override ValueShape OutputShape(IShapeContext context) => ValueShape.None;
}
