using System.Globalization;
using System.Text.RegularExpressions;
using AgentFlow.Core.Model;

namespace AgentFlow.Engine.Costs;

/// <summary>
/// Reads a bound of a period (<c>--since</c>, <c>--until</c>, <c>?since=</c>): a date or time (<c>2026-12-01</c>,
/// <c>2026-12-01T08:00:00Z</c>; UTC unless it says otherwise) or a duration back from now (<c>7d</c>, <c>12h</c>,
/// <c>30m</c>, <c>2w</c>, or ISO-8601 <c>P7D</c>).
/// </summary>
public static partial class TimeBound
{
    /// <summary>What a bound may be, for error messages.</summary>
    public const string Forms = "a date (2026-12-01), a UTC time (2026-12-01T08:00:00Z) or a duration back from now (30m, 12h, 7d, 2w, P7D)";

    /// <summary>The time <paramref name="text"/> names, in UTC; false when it is none of <see cref="Forms"/>.</summary>
    public static bool TryParse(string? text, DateTime utcNow, out DateTime at)
    {
        at = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (Short().Match(text) is { Success: true } match
            && int.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            var span = match.Groups["unit"].Value switch
            {
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                "d" => TimeSpan.FromDays(n),
                _ => TimeSpan.FromDays(7L * n),
            };
            return Back(utcNow, span, out at);
        }

        if (text.StartsWith('P') && IsoDuration.TryParse(text, out var iso))
        {
            return Back(utcNow, iso, out at);
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed)
            && Date().IsMatch(text))
        {
            at = DateTime.SpecifyKind(parsed, DateTimeKind.Utc);
            return true;
        }

        return false;
    }

    private static bool Back(DateTime utcNow, TimeSpan span, out DateTime at)
    {
        at = utcNow - DateTime.MinValue > span ? DateTime.SpecifyKind(utcNow - span, DateTimeKind.Utc) : DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc);
        return true;
    }

    [GeneratedRegex(@"^(?<n>[0-9]{1,6})(?<unit>[mhdw])$", RegexOptions.CultureInvariant)]
    private static partial Regex Short();

    // Dates are written year first, so 01/02/2026 is not read as one of two days.
    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Date();
}
