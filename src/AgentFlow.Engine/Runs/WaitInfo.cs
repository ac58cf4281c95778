using System.Text.Json.Nodes;

namespace AgentFlow.Engine.Runs;

/// <summary>Something a run is waiting for: an approval decision or a timer.</summary>
public sealed class WaitInfo
{
    /// <summary><c>approval</c>, <c>timer</c>, or <c>effect</c> (a tool effect in doubt awaiting an operator).</summary>
    public required string Kind { get; init; }

    /// <summary>The waiting node (qualified id).</summary>
    public required string Node { get; init; }

    /// <summary>For approvals: the external event that decides, <c>approval:NODE</c>.</summary>
    public string? Event { get; init; }

    /// <summary>When the timer fires, or when the approval times out (null: no timeout).</summary>
    public DateTime? Until { get; set; }

    /// <summary>For approvals: who may decide (<c>user:NAME</c>, <c>role:ROLE</c>).</summary>
    public IReadOnlyList<string>? Approvers { get; set; }

    /// <summary>For approvals: the rendered <c>show</c> values the operators decide on.</summary>
    public JsonNode? Show { get; init; }

    /// <summary>For approvals: distinct approvals needed.</summary>
    public int? Quorum { get; init; }

    /// <summary>For approvals: the decisions counted so far.</summary>
    public List<ApprovalVote>? Votes { get; init; }

    /// <summary>For effects in doubt: what the operator must check.</summary>
    public string? Reason { get; init; }

    /// <summary>For approvals: true once the escalation approvers were added.</summary>
    public bool Escalated { get; set; }
}
