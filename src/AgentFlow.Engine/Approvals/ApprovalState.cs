using AgentFlow.Engine.Runs;

namespace AgentFlow.Engine.Approvals;

/// <summary>An approval as it stands: waiting, or why it cannot be decided.</summary>
/// <param name="Wait">The wait, with what it shows, who may decide and who voted; null when it does not wait.</param>
/// <param name="Closed">Why it cannot be decided (already decided and by whom, timed out, no such run...); null when it waits.</param>
/// <param name="Preparing">
/// True when the run is at the approval node but has not recorded its wait yet (the approvers are told first, so a
/// link can be opened in between): it is about to wait, not closed.
/// </param>
public sealed record ApprovalState(WaitInfo? Wait, string? Closed, bool Preparing = false);
