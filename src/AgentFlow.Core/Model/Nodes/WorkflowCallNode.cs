using System.Text.Json;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model.Shapes;

namespace AgentFlow.Core.Model.Nodes;

/// <summary>Run another workflow file as a sub-orchestration; its output becomes this node's output.</summary>
public sealed record WorkflowCallNode : WorkflowNode
{
    /// <summary>Fields of a <c>workflow</c> node, beside <see cref="WorkflowNode.CommonFields"/>.</summary>
    public static IReadOnlyList<FieldSpec> Fields { get; } = [new("path", FieldType.String, Required: true), new("inputs", FieldType.TemplateObject)];

    internal static NodeKindSpec Spec { get; } = new(NodeKind.Workflow, Fields, Read);

    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Workflow;

    /// <summary>Path of the workflow file, relative to this file.</summary>
    public required string Path { get; init; }

    /// <summary>Inputs for the child run; every string inside is a Liquid template.</summary>
    public JsonElement? Inputs { get; init; }

    /// <summary>Output shape: the sub-workflow's <c>output</c> (untyped when its file cannot be read or it has no object <c>output</c>).</summary>
    internal override ValueShape OutputShape(IShapeContext context) => context.WorkflowOutput(this);

    private static WorkflowCallNode Read(NodeReadContext node, ObjectReader r) =>
        new() { Id = node.Id, JsonPath = node.Path, Path = r.String("path") ?? string.Empty, Inputs = r.Element("inputs") };
}
