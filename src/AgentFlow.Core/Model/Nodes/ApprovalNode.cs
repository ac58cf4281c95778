using System.Text.Json;

namespace AgentFlow.Core.Model.Nodes;

/// <summary>Wait for authorised operators to approve or reject what <see cref="Show"/> renders.</summary>
public sealed record ApprovalNode : WorkflowNode
{
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Approval;

    /// <summary>Who may decide: <c>user:NAME</c> or <c>role:ROLE</c>.</summary>
    public required IReadOnlyList<Approver> Approvers { get; init; }

    /// <summary>Values shown to the operator, rendered once; every string is a Liquid template.</summary>
    public JsonElement? Show { get; init; }

    /// <summary>What happens when <see cref="WorkflowNode.Timeout"/> passes: reject, approve, fail or escalate.</summary>
    public ApprovalTimeoutAction OnTimeout { get; init; } = ApprovalTimeoutAction.Reject;

    /// <summary>How many distinct approvers must approve.</summary>
    public int Quorum { get; init; } = 1;

    /// <summary>Escalation, if any.</summary>
    public EscalationPolicy? Escalate { get; init; }
}
