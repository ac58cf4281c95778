using AgentFlow.Core.Json;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model.Shapes;

namespace AgentFlow.Core.Model.Nodes;

/// <summary>Run branches concurrently; when every branch has ended, continue at <see cref="Join"/>.</summary>
public sealed record ParallelNode : WorkflowNode
{
    /// <summary>Fields of a <c>parallel</c> node, beside <see cref="WorkflowNode.CommonFields"/>.</summary>
    public static IReadOnlyList<FieldSpec> Fields { get; } =
    [
        new("branches", FieldType.StringArray, Required: true), new("join", FieldType.NodeRef, Required: true),
    ];

    internal static NodeKindSpec Spec { get; } = new(NodeKind.Parallel, Fields, Read);

    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Parallel;

    /// <summary>Start node of each branch.</summary>
    public required IReadOnlyList<string> Branches { get; init; }

    /// <summary>JSON path of each branch id, in the same order.</summary>
    public required IReadOnlyList<string> BranchPaths { get; init; }

    /// <summary>Node where the branches meet.</summary>
    public required string Join { get; init; }

    /// <summary>Output shape: none: read the branch nodes' outputs.</summary>
    internal override ValueShape OutputShape(IShapeContext context) => ValueShape.None;

    private static ParallelNode Read(NodeReadContext node, ObjectReader r) => new()
    {
        Id = node.Id, JsonPath = node.Path, Branches = r.Strings("branches"),
        BranchPaths = [.. r.Strings("branches").Select((_, i) => JsonPaths.Index(r.PathOf("branches"), i))],
        Join = r.String("join") ?? string.Empty,
    };
}
