using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model.Shapes;

namespace AgentFlow.Core.Model.Nodes;

/// <summary>Run <see cref="Body"/> once per item of a list; output <c>{ items: [...] }</c> in item order.</summary>
public sealed record MapNode : WorkflowNode
{
    /// <summary>Fields of a <c>map</c> node, beside <see cref="WorkflowNode.CommonFields"/>.</summary>
    public static IReadOnlyList<FieldSpec> Fields { get; } =
    [
        new("items", FieldType.Expression, Required: true), new("as", FieldType.String),
        new("concurrency", FieldType.Integer), new("do", FieldType.NodeOrSubGraph, Required: true),
    ];

    internal static NodeKindSpec Spec { get; } = new(NodeKind.Map, Fields, Read);

    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Map;

    /// <summary>Liquid expression yielding the list, e.g. <c>fetch.results</c>.</summary>
    public required string Items { get; init; }

    /// <summary>Loop variable name (default <c>item</c>).</summary>
    public string As { get; init; } = "item";

    /// <summary>How many items run at once (default 4).</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>What runs per item: a one-node or multi-node sub-graph.</summary>
    public required SubGraph Body { get; init; }

    /// <summary>Output shape: <c>{ items: [...] }</c>, each item the output its body produced.</summary>
    internal override ValueShape OutputShape(IShapeContext context) => ValueShape.Record(("items", ValueShape.Array(context.MapItem(this))));

    private static MapNode Read(NodeReadContext node, ObjectReader r)
    {
        var id = node.Id;
        var asName = r.String("as") ?? "item";
        if (!Identifiers.IsValid(asName))
        {
            node.Sink.Error(DiagnosticCodes.InvalidIdentifier, r.PathOf("as"), $"loop variable '{asName}' of node '{id}' is not a valid identifier", Identifiers.Explain(asName));
        }

        var doPath = r.PathOf("do");
        SubGraph body = new(string.Empty, new Dictionary<string, WorkflowNode>(), doPath, IsInline: true);
        if (r.Element("do") is { } doElement)
        {
            if (doElement.TryGetProperty("kind", out _))
            {
                // A node with a kind is the whole body: a one-node sub-graph whose id says where it came from.
                var inlineId = $"{id}.do";
                var inline = node.ReadNode(inlineId, doElement, doPath);
                body = new SubGraph(inlineId, inline is null ? new Dictionary<string, WorkflowNode>() : new() { [inlineId] = inline }, doPath, IsInline: true);
            }
            else
            {
                var s = new ObjectReader(doElement, doPath, WorkflowFields.Sections["subgraph"], node.Sink, $"sub-graph of node '{id}'");
                var nodes = s.Element("nodes") is { } nodesElement ? node.ReadNodes(nodesElement, s.PathOf("nodes")) : [];
                body = new SubGraph(s.String("start") ?? string.Empty, nodes, doPath, IsInline: false);
            }
        }

        return new MapNode
        {
            Id = id, JsonPath = node.Path, Items = StripBraces(r.String("items") ?? string.Empty), As = asName,
            Concurrency = r.Int("concurrency", 1, 1000) ?? 4, Body = body,
        };
    }

    /// <summary>Authors may write the list as <c>{{ fetch.results }}</c> or as the bare expression.</summary>
    private static string StripBraces(string expression)
    {
        var trimmed = expression.Trim();
        return trimmed.StartsWith("{{", StringComparison.Ordinal) && trimmed.EndsWith("}}", StringComparison.Ordinal)
            ? trimmed[2..^2].Trim()
            : trimmed;
    }
}
