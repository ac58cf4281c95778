namespace AgentFlow.Engine.Approvals;

/// <summary>The result of <see cref="DecisionCrossCheck.RunAsync"/>.</summary>
/// <param name="Checked">Decisions found in run histories.</param>
/// <param name="Missing">Those with no matching decision record in the audit log: the log lost them.</param>
public sealed record DecisionCrossCheckResult(int Checked, IReadOnlyList<RecordedDecision> Missing)
{
    /// <summary>True when every recorded decision is in the log.</summary>
    public bool Ok => Missing.Count == 0;
}
