namespace AgentFlow.Core.Model;

/// <summary>Who takes over an approval that nobody decided in time.</summary>
/// <param name="After">How long the original approvers have before escalation.</param>
/// <param name="To">The approvers (<c>user:NAME</c> / <c>role:ROLE</c>) notified and allowed after escalation.</param>
public sealed record EscalationPolicy(TimeSpan After, IReadOnlyList<Approver> To);
