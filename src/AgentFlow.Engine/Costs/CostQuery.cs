namespace AgentFlow.Engine.Costs;

/// <summary>Which runs a <see cref="CostReport"/> sums, and by what.</summary>
public sealed record CostQuery
{
    /// <summary>Only runs created at or after this time (UTC); null: from the first.</summary>
    public DateTime? Since { get; init; }

    /// <summary>Only runs created before this time (UTC); null: up to now.</summary>
    public DateTime? Until { get; init; }

    /// <summary>What the rows sum by (default: workflow).</summary>
    public CostGrouping By { get; init; } = CostGrouping.Workflow;

    /// <summary>Only runs of this workflow (by name); null: every workflow.</summary>
    public string? Workflow { get; init; }
}
