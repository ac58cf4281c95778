namespace AgentFlow.Core.Model.Nodes;

/// <summary>Run branches concurrently; when every branch has ended, continue at <see cref="Join"/>.</summary>
public sealed record ParallelNode : WorkflowNode
{
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Parallel;

    /// <summary>Start node of each branch.</summary>
    public required IReadOnlyList<string> Branches { get; init; }

    /// <summary>JSON path of each branch id, in the same order.</summary>
    public required IReadOnlyList<string> BranchPaths { get; init; }

    /// <summary>Node where the branches meet.</summary>
    public required string Join { get; init; }
}
