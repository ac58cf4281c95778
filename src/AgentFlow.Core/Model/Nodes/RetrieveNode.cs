using System.Text.Json.Nodes;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Templates;
using AgentFlow.Core.Model.Shapes;

namespace AgentFlow.Core.Model.Nodes;

/// <summary>Search a declared retrieval source.</summary>
public sealed record RetrieveNode : WorkflowNode
{
    /// <summary>Fields of a <c>retrieve</c> node, beside <see cref="WorkflowNode.CommonFields"/>.</summary>
    public static IReadOnlyList<FieldSpec> Fields { get; } =
    [
        new("source", FieldType.String, Required: true), new("query", FieldType.Template, Required: true),
        new("top", FieldType.Integer),
    ];

    internal static NodeKindSpec Spec { get; } = new(NodeKind.Retrieve, Fields, Read, IsActivity: true);

    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Retrieve;

    /// <summary>Name of a declared source.</summary>
    public required string Source { get; init; }

    /// <summary>Liquid template of the query.</summary>
    public required string Query { get; init; }

    /// <summary>How many results to return (default 5).</summary>
    public int Top { get; init; } = 5;

    /// <inheritdoc />
    public override async ValueTask<JsonObject> RenderInputAsync(ITemplateState state, CancellationToken cancellationToken = default) =>
        new() { ["query"] = await TemplateEngine.RenderAsync(Query, state, cancellationToken).ConfigureAwait(false) };

    /// <summary>Output shape: <c>{ results: [{ text, title, source, score, offset, chunk }], usage }</c>, as the retrieve executor returns them (<c>usage</c> when it embedded text).</summary>
    internal override ValueShape OutputShape(IShapeContext context) => ValueShape.Record(
        ("results", ValueShape.Array(ValueShape.Record(
            ("text", ValueShape.Text), ("title", ValueShape.Text), ("source", ValueShape.Text),
            ("score", ValueShape.Number), ("offset", ValueShape.Number), ("chunk", ValueShape.Number)))),
        ("usage", LlmOutput.Usage));

    private static RetrieveNode Read(NodeReadContext node, ObjectReader r) => new()
    {
        Id = node.Id, JsonPath = node.Path, Source = r.String("source") ?? string.Empty, Query = r.String("query") ?? string.Empty,
        Top = r.Int("top", 1) ?? 5,
    };
}
