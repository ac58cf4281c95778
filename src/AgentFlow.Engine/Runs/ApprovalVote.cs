namespace AgentFlow.Engine.Runs;

/// <summary>A decision an approval node has counted.</summary>
/// <param name="By">The operator.</param>
/// <param name="Approved">Approve or reject.</param>
/// <param name="Comment">The operator's comment.</param>
/// <param name="At">When the run counted it (orchestration time).</param>
public sealed record ApprovalVote(string By, bool Approved, string? Comment, DateTime At);
