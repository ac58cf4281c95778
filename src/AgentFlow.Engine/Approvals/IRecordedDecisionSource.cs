namespace AgentFlow.Engine.Approvals;

/// <summary>
/// Yields the decisions recorded in run histories, for <see cref="DecisionCrossCheck"/>: whatever enumerates runs
/// (top-level, sub-runs, map chunks) can feed it.
/// </summary>
public interface IRecordedDecisionSource
{
    /// <summary>Every decision an approval node counted, in any order; one item per vote.</summary>
    IAsyncEnumerable<RecordedDecision> ReadAsync(CancellationToken cancellationToken = default);
}
