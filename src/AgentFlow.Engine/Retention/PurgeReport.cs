namespace AgentFlow.Engine.Retention;

/// <summary>What one purge removed (or, for a dry run, would remove).</summary>
/// <param name="Runs">The top-level runs purged, oldest first.</param>
/// <param name="Instances">Orchestration instances whose history was removed: the runs, their sub-runs and map chunks.</param>
/// <param name="LedgerEntries">Side-effect ledger entries of those runs that were removed.</param>
/// <param name="Definitions">Pins of the workflow definitions removed because no remaining run refers to them.</param>
/// <param name="DryRun">True when nothing was removed and the report says what would be.</param>
public sealed record PurgeReport(IReadOnlyList<string> Runs, int Instances, int LedgerEntries, IReadOnlyList<string> Definitions, bool DryRun)
{
    /// <summary>A report of nothing purged.</summary>
    public static PurgeReport Empty(bool dryRun) => new([], 0, 0, [], dryRun);
}
