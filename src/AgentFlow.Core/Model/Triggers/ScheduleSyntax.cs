using Cronos;

namespace AgentFlow.Core.Model.Triggers;

/// <summary>
/// How a schedule's <c>cron</c> and <c>timeZone</c> are read, in one place for the validator and the host that runs
/// the schedule: 5 fields (minute first), 6 fields (second first), or a Cronos macro such as <c>@daily</c>; IANA zones.
/// </summary>
public static class ScheduleSyntax
{
    /// <summary>Parses a cron expression; on failure <paramref name="error"/> says why (Cronos' reason).</summary>
    public static bool TryParseCron(string text, out CronExpression? expression, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        expression = null;
        var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var format = fields.Length switch
        {
            5 => CronFormat.Standard,
            6 => CronFormat.IncludeSeconds,
            1 when fields[0].StartsWith('@') => CronFormat.Standard,
            _ => (CronFormat?)null,
        };
        if (format is null)
        {
            error = $"it has {fields.Length} field{(fields.Length == 1 ? string.Empty : "s")}; a cron expression has 5 (minute hour day-of-month month day-of-week) or 6 (with seconds first)";
            return false;
        }

        try
        {
            expression = CronExpression.Parse(string.Join(' ', fields), format.Value);
        }
        catch (CronFormatException ex)
        {
            error = ex.Message.TrimEnd('.');
            return false;
        }

        error = string.Empty;
        return true;
    }

    /// <summary>Parses a cron expression.</summary>
    /// <exception cref="FormatException">The expression is not valid (the validator reports this as AF501).</exception>
    public static CronExpression ParseCron(string text) =>
        TryParseCron(text, out var expression, out var error) ? expression! : throw new FormatException($"cron expression '{text}': {error}");

    /// <summary>
    /// Finds an IANA time zone (<c>Europe/Berlin</c>; null or empty means UTC). A Windows id is refused with the
    /// IANA id to write instead, so a workflow means the same on every host.
    /// </summary>
    public static bool TryFindTimeZone(string? id, out TimeZoneInfo zone, out string error)
    {
        zone = TimeZoneInfo.Utc;
        error = string.Empty;
        if (string.IsNullOrEmpty(id))
        {
            return true;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            zone = TimeZoneInfo.Utc;
            error = $"'{id}' is not a known IANA time zone";
            return false;
        }

        if (!zone.HasIanaId)
        {
            error = TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out var iana)
                ? $"'{id}' is a Windows time zone id; write the IANA id '{iana}'"
                : $"'{id}' is not an IANA time zone id";
            zone = TimeZoneInfo.Utc;
            return false;
        }

        return true;
    }

    /// <summary>The time zone of <paramref name="trigger"/> (UTC when it names none).</summary>
    /// <exception cref="TimeZoneNotFoundException">The zone is not known on this host (the validator reports this as AF502).</exception>
    public static TimeZoneInfo TimeZoneOf(ScheduleTrigger trigger)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return TryFindTimeZone(trigger.TimeZone, out var zone, out var error) ? zone : throw new TimeZoneNotFoundException(error);
    }

    /// <summary>
    /// The shortest time between two consecutive occurrences among the first <paramref name="count"/> after a fixed
    /// reference instant (so the answer does not depend on today's date); null when it fires fewer than twice.
    /// </summary>
    internal static TimeSpan? ShortestGap(CronExpression cron, TimeZoneInfo zone, int count = 64)
    {
        var previous = cron.GetNextOccurrence(ReferenceInstant, zone);
        TimeSpan? shortest = null;
        for (var i = 0; i < count && previous is { } from; i++)
        {
            var next = cron.GetNextOccurrence(from, zone);
            if (next is { } n && (shortest is null || n - from < shortest))
            {
                shortest = n - from;
            }

            previous = next;
        }

        return shortest;
    }

    /// <summary>Whether <paramref name="cron"/> ever fires (e.g. <c>0 0 30 2 *</c>, February 30th, never does).</summary>
    internal static bool EverFires(CronExpression cron, TimeZoneInfo zone) => cron.GetNextOccurrence(ReferenceInstant, zone) is not null;

    private static DateTimeOffset ReferenceInstant => new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
}
