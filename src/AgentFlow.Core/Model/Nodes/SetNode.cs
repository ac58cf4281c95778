using System.Text.Json;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model.Shapes;

namespace AgentFlow.Core.Model.Nodes;

/// <summary>Compute values; the node's output is the rendered object.</summary>
public sealed record SetNode : WorkflowNode
{
    /// <summary>Fields of a <c>set</c> node, beside <see cref="WorkflowNode.CommonFields"/>.</summary>
    public static IReadOnlyList<FieldSpec> Fields { get; } = [new("values", FieldType.TemplateObject, Required: true)];

    internal static NodeKindSpec Spec { get; } = new(NodeKind.Set, Fields, Read);

    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Set;

    /// <summary>Object whose strings are Liquid templates.</summary>
    public required JsonElement Values { get; init; }

    /// <summary>Output shape: the rendered <c>values</c>: its keys, typed like their templates.</summary>
    internal override ValueShape OutputShape(IShapeContext context) => context.OfTemplates(Values);

    private static SetNode Read(NodeReadContext node, ObjectReader r) =>
        new() { Id = node.Id, JsonPath = node.Path, Values = r.Element("values") ?? default };
}
