namespace AgentFlow.Core.Model.Nodes;

/// <summary>Search a declared retrieval source.</summary>
public sealed record RetrieveNode : WorkflowNode
{
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Retrieve;

    /// <summary>Name of a declared source.</summary>
    public required string Source { get; init; }

    /// <summary>Liquid template of the query.</summary>
    public required string Query { get; init; }

    /// <summary>How many results to return (default 5).</summary>
    public int Top { get; init; } = 5;
}
