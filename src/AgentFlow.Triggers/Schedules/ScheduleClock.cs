using System.Security.Cryptography;
using System.Text;
using AgentFlow.Core.Model.Triggers;
using Cronos;

namespace AgentFlow.Triggers.Schedules;

/// <summary>
/// The ticks of a schedule: a 5-field (minutes) or 6-field (seconds first) cron expression read in an IANA time zone
/// with Cronos' DST rules (a time skipped by spring-forward fires once right after the gap, a time repeated by
/// fall-back fires once, interval expressions fire in both), or <c>every</c>: multiples of the period since the Unix
/// epoch (UTC).
/// </summary>
public sealed class ScheduleClock
{
    private readonly CronExpression? _cron;
    private readonly long _periodTicks;

    private ScheduleClock(CronExpression? cron, long periodTicks, TimeZoneInfo zone)
    {
        _cron = cron;
        _periodTicks = periodTicks;
        Zone = zone;
    }

    /// <summary>The time zone ticks are shown in (UTC for <c>every</c> without a time zone).</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>The clock of <paramref name="schedule"/>.</summary>
    /// <exception cref="ArgumentException">The cron expression, period or time zone is not valid (the message names it).</exception>
    public static ScheduleClock Create(ScheduleTrigger schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        // The language's own parsing (ScheduleSyntax), so the host reads a schedule exactly as the validator did.
        if (!ScheduleSyntax.TryFindTimeZone(schedule.TimeZone, out var zone, out var zoneError))
        {
            throw new ArgumentException($"{schedule.JsonPath}.timeZone: {zoneError}", nameof(schedule));
        }

        if (schedule.Cron is { } cron)
        {
            return ScheduleSyntax.TryParseCron(cron, out var expression, out var cronError)
                ? new ScheduleClock(expression, 0, zone)
                : throw new ArgumentException($"{schedule.JsonPath}.cron: '{cron}': {cronError}", nameof(schedule));
        }

        if (schedule.Every is { Ticks: > 0 } every)
        {
            return new ScheduleClock(null, every.Ticks, zone);
        }

        throw new ArgumentException($"{schedule.JsonPath}: give 'cron' or a positive 'every'", nameof(schedule));
    }

    /// <summary>The first tick strictly after <paramref name="after"/>, in the schedule's time zone; null when there is none.</summary>
    public DateTimeOffset? Next(DateTimeOffset after)
    {
        if (_cron is not null)
        {
            return _cron.GetNextOccurrence(after, Zone, inclusive: false);
        }

        var since = after.UtcTicks - DateTime.UnixEpoch.Ticks;
        var next = ((since / _periodTicks) + 1) * _periodTicks;
        if (since < 0 && since % _periodTicks != 0)
        {
            next -= _periodTicks;
        }

        return InZone(new DateTimeOffset(DateTime.UnixEpoch.Ticks + next, TimeSpan.Zero));
    }

    /// <summary>The ticks after <paramref name="from"/> up to and including <paramref name="to"/>, oldest first.</summary>
    public IEnumerable<DateTimeOffset> Between(DateTimeOffset from, DateTimeOffset to)
    {
        var at = from;
        while (Next(at) is { } tick && tick <= to)
        {
            yield return tick;
            at = tick;
        }
    }

    /// <summary><paramref name="instant"/> with the offset of the schedule's time zone at that instant.</summary>
    public DateTimeOffset InZone(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>
    /// A delay in [0, <paramref name="jitter"/>) derived from the trigger and the tick's key only, so every host waits
    /// the same before firing the same tick.
    /// </summary>
    public static TimeSpan Jitter(string triggerId, string key, TimeSpan? jitter)
    {
        ArgumentNullException.ThrowIfNull(triggerId);
        ArgumentNullException.ThrowIfNull(key);
        if (jitter is not { Ticks: > 0 } range)
        {
            return TimeSpan.Zero;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{triggerId}\n{key}"));
        return TimeSpan.FromTicks((long)(BitConverter.ToUInt64(hash, 0) % (ulong)range.Ticks));
    }
}
