using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Templates;
using AgentFlow.Core.Model.Shapes;

namespace AgentFlow.Core.Model.Nodes;

/// <summary>Call a declared tool.</summary>
public sealed record ToolNode : WorkflowNode
{
    /// <summary>Fields of a <c>tool</c> node, beside <see cref="WorkflowNode.CommonFields"/>.</summary>
    public static IReadOnlyList<FieldSpec> Fields { get; } = [new("tool", FieldType.String, Required: true), new("args", FieldType.TemplateObject)];

    internal static NodeKindSpec Spec { get; } = new(NodeKind.Tool, Fields, Read, IsActivity: true);

    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Tool;

    /// <summary>Name of a declared tool.</summary>
    public required string Tool { get; init; }

    /// <summary>Arguments; every string inside is a Liquid template.</summary>
    public JsonElement? Args { get; init; }

    /// <inheritdoc />
    public override async ValueTask<JsonObject> RenderInputAsync(ITemplateState state, CancellationToken cancellationToken = default) =>
        new() { ["args"] = await RenderValueAsync(Args, state, cancellationToken).ConfigureAwait(false) ?? new JsonObject() };

    /// <summary>Output shape: the tool's declared <c>output</c> schema, else what the host declares for a code tool (built-ins); untyped otherwise.</summary>
    internal override ValueShape OutputShape(IShapeContext context) => context.ToolOutput(Tool);

    private static ToolNode Read(NodeReadContext node, ObjectReader r) =>
        new() { Id = node.Id, JsonPath = node.Path, Tool = r.String("tool") ?? string.Empty, Args = r.Element("args") };
}
