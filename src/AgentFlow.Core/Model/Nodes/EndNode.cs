namespace AgentFlow.Core.Model.Nodes;

/// <summary>End the run, branch or item successfully.</summary>
public sealed record EndNode : WorkflowNode
{
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.End;
}
