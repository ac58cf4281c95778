namespace AgentFlow.Engine.Approvals;

/// <summary>The result of <see cref="ApprovalService.DecideAsync"/>.</summary>
/// <param name="Outcome">Accepted, duplicate or refused.</param>
/// <param name="Message">One line for the operator: what happened and, when refused, why and what to do.</param>
public sealed record DecisionResult(DecisionOutcome Outcome, string Message);
