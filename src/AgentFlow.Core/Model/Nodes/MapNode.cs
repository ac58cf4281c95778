namespace AgentFlow.Core.Model.Nodes;

/// <summary>Run <see cref="Body"/> once per item of a list; output <c>{ items: [...] }</c> in item order.</summary>
public sealed record MapNode : WorkflowNode
{
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
}
