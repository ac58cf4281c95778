namespace AgentFlow.Core.Model.Nodes;

/// <summary>Wait on a durable timer, for a duration or until a time.</summary>
public sealed record WaitNode : WorkflowNode
{
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Wait;

    /// <summary>How long to wait, if given as a duration.</summary>
    public TimeSpan? For { get; init; }

    /// <summary>Liquid template yielding an ISO-8601 timestamp, if given as a time.</summary>
    public string? Until { get; init; }
}
