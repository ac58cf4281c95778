using System.Text.Json.Nodes;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Templates;
using AgentFlow.Core.Model.Shapes;

namespace AgentFlow.Core.Model.Nodes;

/// <summary>Recall the memories of an agent most relevant to a query.</summary>
public sealed record RecallNode : WorkflowNode
{
    /// <summary>Fields of a <c>recall</c> node, beside <see cref="WorkflowNode.CommonFields"/>.</summary>
    public static IReadOnlyList<FieldSpec> Fields { get; } =
    [
        new("agent", FieldType.String, Required: true), new("query", FieldType.Template, Required: true),
        new("k", FieldType.Integer), new("minScore", FieldType.Number), new("recencyWeight", FieldType.Number),
    ];

    internal static NodeKindSpec Spec { get; } = new(NodeKind.Recall, Fields, Read, IsActivity: true);

    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Recall;

    /// <summary>Name of a declared agent (its memory namespace).</summary>
    public required string Agent { get; init; }

    /// <summary>Liquid template of the query.</summary>
    public required string Query { get; init; }

    /// <summary>How many memories to return (default 5).</summary>
    public int K { get; init; } = 5;

    /// <summary>Minimum similarity, 0..1.</summary>
    public double MinScore { get; init; }

    /// <summary>Weight of recency against similarity, 0..1.</summary>
    public double RecencyWeight { get; init; }

    /// <inheritdoc />
    public override async ValueTask<JsonObject> RenderInputAsync(ITemplateState state, CancellationToken cancellationToken = default) =>
        new() { ["query"] = await TemplateEngine.RenderAsync(Query, state, cancellationToken).ConfigureAwait(false) };

    /// <summary>Output shape: <c>{ items: [{ text, score, metadata, createdAt }], usage }</c> (<c>usage</c> when embedding the query called the embedder); <c>metadata</c> is whatever <c>remember</c> stored (untyped).</summary>
    internal override ValueShape OutputShape(IShapeContext context) => ValueShape.Record(
        ("items", ValueShape.Array(ValueShape.Record(
            ("text", ValueShape.Text), ("score", ValueShape.Number), ("metadata", ValueShape.Untyped), ("createdAt", ValueShape.Text)))),
        ("usage", LlmOutput.Usage));

    private static RecallNode Read(NodeReadContext node, ObjectReader r) => new()
    {
        Id = node.Id, JsonPath = node.Path, Agent = r.String("agent") ?? string.Empty, Query = r.String("query") ?? string.Empty,
        K = r.Int("k", 1) ?? 5, MinScore = r.Number("minScore", 0, 1) ?? 0, RecencyWeight = r.Number("recencyWeight", 0, 1) ?? 0,
    };
}
