using AgentFlow.Core.Loading;
using AgentFlow.Core.Model.Shapes;

namespace AgentFlow.Core.Model.Nodes;

/// <summary>Fail the run with a message.</summary>
public sealed record FailNode : WorkflowNode
{
    /// <summary>Fields of a <c>fail</c> node, beside <see cref="WorkflowNode.CommonFields"/>.</summary>
    public static IReadOnlyList<FieldSpec> Fields { get; } = [new("message", FieldType.Template)];

    internal static NodeKindSpec Spec { get; } = new(NodeKind.Fail, Fields, Read);

    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Fail;

    /// <summary>Liquid template of the failure message.</summary>
    public string Message { get; init; } = "The workflow failed.";

    /// <summary>Output shape: none: the run fails.</summary>
    internal override ValueShape OutputShape(IShapeContext context) => ValueShape.None;

    private static FailNode Read(NodeReadContext node, ObjectReader r) =>
        new() { Id = node.Id, JsonPath = node.Path, Message = r.String("message") ?? "The workflow failed." };
}
