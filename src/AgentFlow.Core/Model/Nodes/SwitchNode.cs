namespace AgentFlow.Core.Model.Nodes;

/// <summary>Branch on conditions only; its <see cref="WorkflowNode.Next"/> is a list of conditional transitions.</summary>
public sealed record SwitchNode : WorkflowNode
{
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Switch;
}
