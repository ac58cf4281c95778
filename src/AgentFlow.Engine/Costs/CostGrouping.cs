namespace AgentFlow.Engine.Costs;

/// <summary>What a <see cref="CostReport"/> sums by.</summary>
public enum CostGrouping
{
    /// <summary>By workflow, from each run's totals.</summary>
    Workflow,

    /// <summary>By agent, from the usage of each node in the runs' timelines.</summary>
    Agent,

    /// <summary>By model (its name in the workflow), from the usage of each node in the runs' timelines.</summary>
    Model,
}
