namespace AgentFlow.Core.Model.Nodes;

/// <summary>Recall the memories of an agent most relevant to a query.</summary>
public sealed record RecallNode : WorkflowNode
{
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
}
