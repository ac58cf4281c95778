using System.Text.Json.Nodes;
using AgentFlow.Core.Model;

namespace AgentFlow.Engine.Runs;

/// <summary>Something a run is waiting for: an approval decision or a timer.</summary>
public sealed class WaitInfo
{
    /// <summary><c>approval</c>, <c>timer</c>, or <c>effect</c> (a tool effect in doubt awaiting an operator).</summary>
    public required WaitKind Kind { get; init; }

    /// <summary>
    /// The waiting node as a user addresses it from the top-level run: its qualified id, prefixed by the path of the
    /// <c>workflow</c> node(s) whose sub-run it is in (<c>call.review</c>, <c>each[3].call.review</c>).
    /// </summary>
    public required string Node { get; set; }

    /// <summary>For approvals and effects: the external event that decides, raised on <see cref="Instance"/>.</summary>
    public string? Event { get; init; }

    /// <summary>The orchestration instance that waits (the run, or one of its sub-runs or map chunks); null in older runs: the run itself.</summary>
    public string? Instance { get; set; }

    /// <summary>The run whose idempotency keys the waiting node uses (the run, or the sub-run of a <c>workflow</c> node).</summary>
    public string? Run { get; init; }

    /// <summary>When the timer fires, or when the approval times out (null: no timeout).</summary>
    public DateTime? Until { get; set; }

    /// <summary>For approvals: who may decide (<c>user:NAME</c>, <c>role:ROLE</c>).</summary>
    public IReadOnlyList<Approver>? Approvers { get; set; }

    /// <summary>For approvals: the rendered <c>show</c> values the operators decide on.</summary>
    public JsonNode? Show { get; set; }

    /// <summary>
    /// For approvals: the <c>show</c> keys whose values can carry untrusted data (retrieved text, http/mcp results,
    /// trigger payloads, model answers that read them), from the definition's trust analysis; null when none.
    /// </summary>
    public List<string>? Untrusted { get; set; }

    /// <summary>For approvals: distinct approvals needed.</summary>
    public int? Quorum { get; set; }

    /// <summary>For approvals: the decisions counted so far.</summary>
    public List<ApprovalVote>? Votes { get; set; }

    /// <summary>For effects in doubt: what the operator must check.</summary>
    public string? Reason { get; set; }

    /// <summary>For approvals: true once the escalation approvers were added.</summary>
    public bool Escalated { get; set; }
}
