using System.Globalization;
using AgentFlow.Core.Model.Triggers;

namespace AgentFlow.Triggers.Schedules;

/// <summary>The firing of a schedule's tick: its key, the <c>trigger</c> scope the input mapping reads, and its summary.</summary>
internal static class ScheduleFirings
{
    public static TriggerFiring Tick(TriggerRegistration registration, ScheduleClock clock, DateTimeOffset tick, DateTimeOffset firedAt, bool manual)
    {
        var key = manual ? $"manual-{firedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}" : TriggerRunIds.TickKey(tick);
        var local = clock.InZone(tick);
        var scope = TriggerScope.ForSchedule(registration.Workflow.Name, (ScheduleTrigger)registration.Trigger, key, firedAt, tick, manual);
        var summary = $"{(manual ? "manual tick" : "tick")} {local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)}";
        return new TriggerFiring(key, scope, summary);
    }

    /// <summary>Parses a tick key (<see cref="TriggerRunIds.TickKey"/>) back to its time.</summary>
    public static DateTimeOffset? ParseKey(string? key) =>
        key is not null && DateTimeOffset.TryParseExact(key, [TriggerRunIds.TickKeyFormat, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : null;
}
