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

    /// <summary>The shortest <see cref="Every"/> a workflow may set.</summary>
    public static readonly TimeSpan MinimumEvery = TimeSpan.FromSeconds(1);

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

        var schedule = new ScheduleTrigger
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
        schedule.Check(trigger, r);
        return schedule;
    }

    private void Check(TriggerReadContext trigger, ObjectReader r)
    {
        var sink = trigger.Sink;
        if (!ScheduleSyntax.TryFindTimeZone(TimeZone, out var zone, out var zoneError))
        {
            sink.Error(DiagnosticCodes.UnknownTimeZone, r.PathOf("timeZone"), $"'timeZone' of {trigger.What}: {zoneError}", "Use an IANA time zone id such as \"Europe/Berlin\", \"America/New_York\" or \"UTC\" (the default).");
        }
        else if (TimeZone is not null && Every is not null)
        {
            sink.Add(DiagnosticCodes.IneffectiveSetting, DiagnosticSeverity.Warning, r.PathOf("timeZone"), $"'timeZone' of {trigger.What} has no effect with 'every': its ticks are multiples of the period since the Unix epoch (UTC)", "Remove \"timeZone\", or use \"cron\" for times of day in that zone.");
        }

        TimeSpan? period = Every;
        if (Cron is { } text)
        {
            if (!ScheduleSyntax.TryParseCron(text, out var cron, out var cronError))
            {
                sink.Error(DiagnosticCodes.InvalidCron, r.PathOf("cron"), $"'cron' of {trigger.What} is not a valid cron expression: {cronError}", "Write 5 fields (minute hour day-of-month month day-of-week), e.g. \"0 8 * * MON\" for Mondays at 08:00, or 6 with seconds first (\"*/30 * * * * *\").");
            }
            else if (!ScheduleSyntax.EverFires(cron!, zone))
            {
                sink.Error(DiagnosticCodes.InvalidCron, r.PathOf("cron"), $"'cron' of {trigger.What} ('{text}') never fires (no such date)", "Check day-of-month against the month (e.g. February has no 30th).");
            }
            else
            {
                period = ScheduleSyntax.ShortestGap(cron!, zone);
            }
        }

        if (Every is { } every && every < MinimumEvery)
        {
            sink.Error(DiagnosticCodes.TriggerTimingOutOfBounds, r.PathOf("every"), $"'every' of {trigger.What} is {IsoDuration.Format(every)}; a schedule ticks at most once a second", "Use a period of at least \"PT1S\".");
        }
        else if (Jitter is { } jitter && period is { } p && jitter >= p)
        {
            sink.Error(DiagnosticCodes.TriggerTimingOutOfBounds, r.PathOf("jitter"), $"'jitter' of {trigger.What} is {IsoDuration.Format(jitter)}, but its ticks can be {IsoDuration.Format(p)} apart: a delayed tick could start after the next one", $"Make the jitter shorter than {IsoDuration.Format(p)} (a small fraction of it spreads load well), or remove it.");
        }
    }
}
