namespace AgentFlow.Engine.Approvals;

/// <summary>An operator's decision as a run's history recorded it (a vote an approval node counted).</summary>
/// <param name="RunId">The run the decision was for: the id an operator passes to <c>approve</c> (a sub-run's own id).</param>
/// <param name="Node">The approval node's qualified id (<c>MAP[i].NODE</c> inside map items).</param>
/// <param name="Operator">Who decided.</param>
/// <param name="Decision"><c>approved</c> or <c>rejected</c>.</param>
/// <param name="InstanceId">The orchestration instance that counted it, when that is not <paramref name="RunId"/> (a map chunk); an audit record for either id matches.</param>
public sealed record RecordedDecision(string RunId, string Node, string Operator, string Decision, string? InstanceId = null);
