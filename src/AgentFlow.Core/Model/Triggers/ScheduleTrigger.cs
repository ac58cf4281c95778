namespace AgentFlow.Core.Model.Triggers;

/// <summary>A trigger that starts one run per tick of a clock.</summary>
public sealed record ScheduleTrigger : TriggerDefinition
{
    /// <inheritdoc />
    public override TriggerKind Kind => TriggerKind.Schedule;

    /// <summary>A 5-field (minutes) or 6-field (seconds first) cron expression; exactly one of this and <see cref="Every"/>.</summary>
    public string? Cron { get; init; }

    /// <summary>A fixed period (<c>"every": "PT15M"</c>), its ticks aligned to multiples of it since the Unix epoch (UTC).</summary>
    public TimeSpan? Every { get; init; }

    /// <summary>IANA time zone the cron expression is read in (default UTC).</summary>
    public string? TimeZone { get; init; }

    /// <summary>What happens to a tick while the previous run is still going.</summary>
    public ScheduleOverlap Overlap { get; init; } = ScheduleOverlap.Skip;

    /// <summary>After downtime, how far back missed ticks are still started (null: none are).</summary>
    public TimeSpan? CatchUp { get; init; }

    /// <summary>Up to this much delay after each tick, the same for every host (derived from the tick), to spread load.</summary>
    public TimeSpan? Jitter { get; init; }
}
