using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Loading;

namespace AgentFlow.Core.Model.Triggers;

/// <summary>A trigger that starts one run per tick of a clock.</summary>
public sealed record ScheduleTrigger : TriggerDefinition
{
    /// <summary>Fields of a <c>schedule</c> trigger, beside <see cref="TriggerDefinition.CommonFields"/>; exactly one of <c>cron</c> and <c>every</c> is required.</summary>
    public static IReadOnlyList<FieldSpec> Fields { get; } =
    [
        new("cron", FieldType.String), new("every", FieldType.Duration), new("timeZone", FieldType.String),
        new("overlap", FieldType.String, Allowed: ["skip", "bufferOne", "allow"]),
        new("catchUp", FieldType.Duration), new("jitter", FieldType.Duration),
    ];

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

    internal static ScheduleTrigger Read(TriggerReadContext trigger, ObjectReader r)
    {
        if (r.Has("cron") == r.Has("every"))
        {
            trigger.Sink.Error(
                DiagnosticCodes.MissingProperty,
                trigger.Path,
                $"{trigger.What} needs exactly one of 'cron' (a cron expression) or 'every' (a period), {(r.Has("cron") ? "not both" : "but has neither")}",
                "Write \"cron\": \"0 8 * * MON\" (with \"timeZone\") for calendar times, or \"every\": \"PT15M\" for a fixed period.");
        }

        return new ScheduleTrigger
        {
            Name = trigger.Name,
            JsonPath = trigger.Path,
            Cron = r.String("cron"),
            Every = r.Duration("every"),
            TimeZone = r.String("timeZone"),
            Overlap = r.String("overlap") switch
            {
                "bufferOne" => ScheduleOverlap.BufferOne,
                "allow" => ScheduleOverlap.Allow,
                _ => ScheduleOverlap.Skip,
            },
            CatchUp = r.Duration("catchUp"),
            Jitter = r.Duration("jitter"),
        };
    }
}
