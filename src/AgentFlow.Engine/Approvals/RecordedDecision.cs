namespace AgentFlow.Engine.Approvals;

/// <summary>An operator's decision as a run's history recorded it (a vote an approval node counted).</summary>
/// <param name="RunId">The run a user started, which the decision's audit record names.</param>
/// <param name="Node">The approval node's path from that run (<c>MAP[i].NODE</c> in map items, <c>CALL.NODE</c> in sub-runs).</param>
/// <param name="Operator">Who decided.</param>
/// <param name="Decision"><c>approved</c> or <c>rejected</c>.</param>
/// <param name="InstanceId">The orchestration instance that counted it, when that is not <paramref name="RunId"/> (a sub-run or map chunk).</param>
/// <param name="LocalNode">The node's id within <paramref name="InstanceId"/>: audit records written before decisions named the run a user started used that id with the instance's.</param>
public sealed record RecordedDecision(string RunId, string Node, string Operator, string Decision, string? InstanceId = null, string? LocalNode = null);
