using AgentFlow.Engine.Runs;

namespace AgentFlow.Engine.Retention;

/// <summary>Which finished runs <see cref="RunPurger"/> removes.</summary>
public sealed record PurgeRequest
{
    /// <summary>The statuses a run may be purged in: only finished ones.</summary>
    public static readonly IReadOnlyList<RunStatus> FinishedStatuses = [RunStatus.Completed, RunStatus.Failed, RunStatus.Canceled];

    /// <summary>
    /// One run by id (with its sub-runs and map chunks). It must have finished; <see cref="OlderThan"/> and
    /// <see cref="Statuses"/> are ignored. Null: every finished run matching the other filters.
    /// </summary>
    public string? RunId { get; init; }

    /// <summary>Only runs that finished at least this long ago (by the purger's clock); null: however recently.</summary>
    public TimeSpan? OlderThan { get; init; }

    /// <summary>Only runs in these statuses (each one of <see cref="FinishedStatuses"/>); all finished statuses by default.</summary>
    public IReadOnlyCollection<RunStatus> Statuses { get; init; } = FinishedStatuses;

    /// <summary>Report what would be removed without removing anything.</summary>
    public bool DryRun { get; init; }
}
