using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Templates;
using AgentFlow.Core.Model.Shapes;

namespace AgentFlow.Core.Model.Nodes;

/// <summary>Store a memory for an agent.</summary>
public sealed record RememberNode : WorkflowNode
{
    /// <summary>Fields of a <c>remember</c> node, beside <see cref="WorkflowNode.CommonFields"/>.</summary>
    public static IReadOnlyList<FieldSpec> Fields { get; } =
    [
        new("agent", FieldType.String, Required: true), new("text", FieldType.Template, Required: true),
        new("metadata", FieldType.TemplateObject), new("ttl", FieldType.Duration),
    ];

    internal static NodeKindSpec Spec { get; } = new(NodeKind.Remember, Fields, Read, IsActivity: true);

    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Remember;

    /// <summary>Name of a declared agent (its memory namespace).</summary>
    public required string Agent { get; init; }

    /// <summary>Liquid template of the memory text.</summary>
    public required string Text { get; init; }

    /// <summary>Metadata; every string inside is a Liquid template.</summary>
    public JsonElement? Metadata { get; init; }

    /// <summary>How long the memory lives; forever when null.</summary>
    public TimeSpan? Ttl { get; init; }

    /// <inheritdoc />
    public override async ValueTask<JsonObject> RenderInputAsync(ITemplateState state, CancellationToken cancellationToken = default) => new()
    {
        ["text"] = await TemplateEngine.RenderAsync(Text, state, cancellationToken).ConfigureAwait(false),
        ["metadata"] = await RenderValueAsync(Metadata, state, cancellationToken).ConfigureAwait(false),
    };

    /// <summary>Output shape: <c>{ id, usage }</c>: the stored memory's id, and <c>usage</c> when its text was embedded.</summary>
    internal override ValueShape OutputShape(IShapeContext context) => ValueShape.Record(("id", ValueShape.Text), ("usage", LlmOutput.Usage));

    private static RememberNode Read(NodeReadContext node, ObjectReader r) => new()
    {
        Id = node.Id, JsonPath = node.Path, Agent = r.String("agent") ?? string.Empty, Text = r.String("text") ?? string.Empty,
        Metadata = r.Element("metadata"), Ttl = r.Duration("ttl"),
    };
}
