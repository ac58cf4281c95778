using AgentFlow.Engine.Runs;

namespace AgentFlow.Engine.Replay;

/// <summary>One decision an approval visit of the source run received, as the run took it in.</summary>
/// <param name="Decision">The event's payload.</param>
/// <param name="At">When it was raised (the vote keeps this time in the fork, so a reused approval is the same).</param>
public sealed record RecordedApprovalDecision(ApprovalDecision Decision, DateTime At);
